// The behaviour library: catalog id → implementation (GenServer modules on runtime/otp), plus custom behaviours
// compiled from a document's TypeScript source.
import { adaptive_pool } from './adaptive_pool';
import { circuit_breaker } from './circuit_breaker';
import { client } from './client';
import { counter } from './counter';
import { crasher } from './crasher';
import { customBehaviour } from './custom';
import { database } from './database';
import { echo } from './echo';
import { flaky } from './flaky';
import { graceful_shutdown } from './graceful_shutdown';
import { http_client_system } from './http_client_system';
import { http_worker } from './http_worker';
import type { Behaviour } from './lib';
import { load_source } from './load_source';
import { pool_manager } from './pool_manager';
import { pool_worker } from './pool_worker';
import { priority_queue } from './priority_queue';
import { request_coalescer } from './request_coalescer';
import { slow_init } from './slow_init';
import { slow_terminate } from './slow_terminate';
import { telemetry_collector } from './telemetry_collector';
import { todo_cache } from './todo_cache';
import { todo_server } from './todo_server';
import { trapper } from './trapper';
import { watcher } from './watcher';

export type { Behaviour, BehaviourEnv, ChildOptions } from './lib';
export { customBehaviour } from './custom';
export { CustomSourceError, LoopGuardError, LOOP_BUDGET } from './custom-source';

export const LIBRARY: Readonly<Record<string, Behaviour>> = {
  echo, counter, crasher, trapper, watcher, todo_server, todo_cache, database, pool_worker, pool_manager, http_worker,
  circuit_breaker, http_client_system, flaky, slow_init, slow_terminate, load_source, telemetry_collector,
  adaptive_pool, priority_queue, request_coalescer, graceful_shutdown, client,
};

/** Resolves behaviour ids for one document: the library first, then its custom behaviours (compiled once each). */
export function behaviourResolver(custom: readonly { id: string; source: string }[] = []): (id: string) => Behaviour {
  const compiled = new Map<string, Behaviour>();
  return (id) => {
    const lib = LIBRARY[id];
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
