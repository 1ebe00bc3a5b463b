// The behaviour library: catalog id → implementation (GenServer modules on runtime/otp). No custom-source loading
// here, so the runtime package (no dependencies) ships it; index.ts adds custom behaviours compiled from source.
import { adaptive_pool } from './adaptive_pool';
import { circuit_breaker } from './circuit_breaker';
import { client } from './client';
import { counter } from './counter';
import { crasher } from './crasher';
import { database } from './database';
import { echo } from './echo';
import { flaky } from './flaky';
import { graceful_shutdown } from './graceful_shutdown';
import { http_client_system } from './http_client_system';
import { http_worker } from './http_worker';
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
import type { Behaviour } from './lib';

export const LIBRARY: Readonly<Record<string, Behaviour>> = {
  echo, counter, crasher, trapper, watcher, todo_server, todo_cache, database, pool_worker, pool_manager, http_worker,
  circuit_breaker, http_client_system, flaky, slow_init, slow_terminate, load_source, telemetry_collector,
  adaptive_pool, priority_queue, request_coalescer, graceful_shutdown, client,
};
