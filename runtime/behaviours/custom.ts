// A custom behaviour (TypeScript stored in the document) as a library behaviour: its source is compiled and
// loop-guarded (custom-source.ts), then wrapped like any callback object (custom-module.ts).
import { loadCustomModule } from './custom-source';
import { behaviourOf, type CustomState } from './custom-module';
import type { Behaviour } from './lib';

export { behaviourOf, defineCallbacks, type CustomCallbacks, type CustomCtx, type CustomState } from './custom-module';

/** Compile a custom behaviour's source into a GenServer module (throws CustomSourceError on a bad source). */
export function customBehaviour(id: string, source: string): Behaviour<CustomState> {
  return behaviourOf(id, loadCustomModule(id, source));
}
