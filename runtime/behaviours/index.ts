// The behaviour library: catalog id → implementation (GenServer modules on runtime/otp), plus custom behaviours
// compiled from a document's TypeScript source.
import { customBehaviour } from './custom';
import type { Behaviour } from './lib';
import { LIBRARY } from './library';
import { own } from '../dict';

export type { Behaviour, BehaviourEnv, ChildOptions } from './lib';
export { customBehaviour } from './custom';
export { CustomSourceError, LoopGuardError, LOOP_BUDGET } from './custom-source';

export { LIBRARY } from './library';

/** Resolves behaviour ids for one document: the library first, then its custom behaviours (compiled once each). */
export function behaviourResolver(custom: readonly { id: string; source: string }[] = []): (id: string) => Behaviour {
  const compiled = new Map<string, Behaviour>();
  return (id) => {
    const lib = own(LIBRARY, id);
    if (lib) return lib;
    let b = compiled.get(id);
    if (!b) {
      const def = custom.find((c) => c.id === id);
      if (!def) throw new Error(`unknown behaviour "${id}"`);
      b = customBehaviour(def.id, def.source);
      compiled.set(id, b);
    }
    return b;
  };
}
