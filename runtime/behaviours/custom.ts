// A custom behaviour (TypeScript stored in the document) as a library behaviour: its source is compiled and
// loop-guarded (custom-source.ts), then wrapped like any callback object (custom-module.ts: the ctx API, results,
// Elixir's failure kinds and try). The loop guard's stop cannot be caught by the user's ctx.try.
import { LoopGuardError, loadCustomModule } from './custom-source';
import { behaviourOf, type CustomState } from './custom-module';
import type { Behaviour } from './lib';

export {
  behaviourOf, defineCallbacks, userTerm,
  type CustomCallbacks, type CustomCtx, type CustomState, type RescuedException, type TryHandlers,
} from './custom-module';

/** Compile a custom behaviour's source into a GenServer module (throws CustomSourceError on a bad source). */
export function customBehaviour(id: string, source: string): Behaviour<CustomState> {
  return behaviourOf(id, loadCustomModule(id, source), { uncatchable: (e) => e instanceof LoopGuardError });
}
