// A small design that uses every node and edge kind and is free of errors and lint warnings. Used by the tests,
// the format docs, and handy as a starting point for demos.
import { DocumentSchema, FORMAT, CURRENT_VERSION, type DesignDocument, type DesignDocumentInput } from './document';

export const SAMPLE_DESIGN: DesignDocumentInput = {
  format: FORMAT,
  version: CURRENT_VERSION,
  title: 'Todo system with a worker pool',
  lesson: '# Todo system\nKill `database` and watch the todo servers keep their data.',
  nodes: [
    { kind: 'supervisor', id: 'app', name: 'app', position: { x: 400, y: 0 }, strategy: 'one_for_one', maxRestarts: 3, maxSeconds: 5 },
    { kind: 'registry', id: 'reg', name: 'todo_registry', position: { x: 100, y: 150 } },
    { kind: 'worker', id: 'db', name: 'database', position: { x: 250, y: 150 }, behaviour: 'database', params: { writeDelayMs: 5 } },
    { kind: 'dynamic_supervisor', id: 'servers', name: 'todo_servers', position: { x: 400, y: 150 } },
    { kind: 'worker', id: 'alice', name: 'alice_list', position: { x: 400, y: 300 }, behaviour: 'todo_server', params: { listName: 'alice', database: 'db' }, register: 'registry', registry: 'reg' },
    { kind: 'worker', id: 'cache', name: 'todo_cache', position: { x: 550, y: 150 }, behaviour: 'todo_cache', params: { serverSupervisor: 'servers' } },
    { kind: 'supervisor', id: 'pool', name: 'pool', position: { x: 700, y: 150 }, strategy: 'one_for_one', maxRestarts: 5 },
    { kind: 'worker', id: 'w1', name: 'worker_1', position: { x: 650, y: 300 }, behaviour: 'pool_worker' },
    { kind: 'worker', id: 'w2', name: 'worker_2', position: { x: 750, y: 300 }, behaviour: 'pool_worker' },
    { kind: 'worker', id: 'mon', name: 'watcher', position: { x: 850, y: 150 }, behaviour: 'watcher', params: { target: 'db' } },
    { kind: 'task_supervisor', id: 'tasks', name: 'tasks', position: { x: 1000, y: 150 } },
    { kind: 'load_source', id: 'load', name: 'clients', position: { x: 550, y: -100 }, target: 'cache', rate: 20, bursts: [{ atMs: 1000, durationMs: 200, rate: 200 }] },
    { kind: 'note', id: 'note', name: '', position: { x: 0, y: 0 }, text: 'The database outlives the servers.' },
  ],
  edges: [
    { kind: 'supervision', id: 'e1', source: 'app', target: 'reg', order: 0 },
    { kind: 'supervision', id: 'e2', source: 'app', target: 'db', order: 1 },
    { kind: 'supervision', id: 'e3', source: 'app', target: 'servers', order: 2 },
    { kind: 'supervision', id: 'e4', source: 'app', target: 'cache', order: 3 },
    { kind: 'supervision', id: 'e5', source: 'app', target: 'pool', order: 4 },
    { kind: 'supervision', id: 'e6', source: 'app', target: 'mon', order: 5 },
    { kind: 'supervision', id: 'e7', source: 'app', target: 'tasks', order: 6 },
    { kind: 'supervision', id: 'e8', source: 'servers', target: 'alice', order: 0 },
    { kind: 'supervision', id: 'e9', source: 'pool', target: 'w1', order: 0 },
    { kind: 'supervision', id: 'e10', source: 'pool', target: 'w2', order: 1 },
    { kind: 'calls', id: 'c1', source: 'cache', target: 'servers' },
    { kind: 'calls', id: 'c2', source: 'alice', target: 'db' },
    { kind: 'monitor', id: 'm1', source: 'mon', target: 'db' },
    { kind: 'link', id: 'l1', source: 'w1', target: 'w2' },
  ],
  scenarios: [
    {
      name: 'database crash',
      description: 'The database dies; the servers keep running and the database comes back.',
      commands: [
        { type: 'load', at: 0, source: 'load', on: true },
        { type: 'kill', at: 500, target: 'db' },
        { type: 'call', at: 800, target: 'alice', message: { add: 'milk' } },
        { type: 'load', at: 2000, on: false },
      ],
    },
  ],
};

/** A fresh copy (defaults filled) of the sample design. */
export function sampleDesign(): DesignDocument {
  return DocumentSchema.parse(SAMPLE_DESIGN);
}
