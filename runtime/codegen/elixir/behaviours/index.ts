// The Elixir twins of the behaviour library, by catalog id (one file each). Each is the source of one module
// `__APP__.Behaviours.<Name>`, written against the generated `__APP__.Studio` helpers (../studio.ts).
import adaptive_pool from './adaptive_pool';
import circuit_breaker from './circuit_breaker';
import client from './client';
import counter from './counter';
import crasher from './crasher';
import database from './database';
import echo from './echo';
import flaky from './flaky';
import graceful_shutdown from './graceful_shutdown';
import http_client_system from './http_client_system';
import http_worker from './http_worker';
import load_source from './load_source';
import pool_manager from './pool_manager';
import pool_worker from './pool_worker';
import priority_queue from './priority_queue';
import request_coalescer from './request_coalescer';
import slow_init from './slow_init';
import slow_terminate from './slow_terminate';
import telemetry_collector from './telemetry_collector';
import todo_cache from './todo_cache';
import todo_server from './todo_server';
import trapper from './trapper';
import watcher from './watcher';

export const ELIXIR_TWINS: Readonly<Record<string, string>> = {
  adaptive_pool,
  circuit_breaker,
  client,
  counter,
  crasher,
  database,
  echo,
  flaky,
  graceful_shutdown,
  http_client_system,
  http_worker,
  load_source,
  pool_manager,
  pool_worker,
  priority_queue,
  request_coalescer,
  slow_init,
  slow_terminate,
  telemetry_collector,
  todo_cache,
  todo_server,
  trapper,
  watcher,
};
