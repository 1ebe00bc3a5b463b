// Fixtures for the codegen tests (pure, so they type-check with the runtime): the templates as compiled specs and
// a design full of hostile text for the escaping tests. Tests read the template files with Vite's glob import:
//   templateSpecs(import.meta.glob('../../templates/*.suptree', { query: '?raw', import: 'default', eager: true }))
import { design, dynSup, sup, worker, registry, under, calls, link, monitor } from '../design/build';
import { parse } from '../design/parse';
import { compile, type RuntimeSpec } from '../design/spec';
import type { DesignDocument } from '../design/document';

/** Template files (path → text) as parsed documents, named by file (without folder and extension), sorted. */
export function templateDocs(files: Record<string, string>): { file: string; doc: DesignDocument }[] {
  return Object.keys(files).sort().map((path) => {
    const file = path.replace(/^.*\//, '').replace(/\.suptree$/, '');
    const r = parse(files[path]);
    if (!r.ok) throw new Error(`${file}: ${r.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    return { file, doc: r.doc };
  });
}

export function templateSpecs(files: Record<string, string>): { file: string; spec: RuntimeSpec }[] {
  return templateDocs(files).map(({ file, doc }) => ({ file, spec: compile(doc) }));
}

/** Text that breaks naive code generators, in every target. */
export const HOSTILE = [
  'quote " and \' and `backtick` ${x}',
  'end of comment */ /* and #{interpolation} and \\ backslash',
  'new\nline\r\nand\u2028separator\u2029para',
  'ünïcødé ✓ 日本語 😀 \u0000nul \u0007bell',
  '"""heredoc"""  ~S"x" <script>&amp;</script> | ; % # %% -->',
].join(' · ');

/** A custom behaviour id with everything hostile but line breaks (the studio's loader names a source URL after it). */
export const CUSTOM_ID = `custom ${HOSTILE.replace(/[\r\n\u2028\u2029]+/g, ' ')}`;

/** A valid design whose every free-text field is hostile and whose names are reserved words of some target. */
export function hostileDesign(): DesignDocument {
  return design(
    [
      sup('app_sup', { strategy: 'rest_for_one' }),
      registry('names'),
      worker('counter_end', 'counter', { params: { initial: 1 } }),
      worker('crash_me', 'crasher', { params: { mode: 'exit', reason: HOSTILE } }),
      worker('db_module', 'database', { params: { folder: HOSTILE } }),
      worker('watch_do', 'watcher', { params: { target: 'counter_end' } }),
      worker('http', 'http_worker', { params: { url: `https://example.com/${HOSTILE}` } }),
      worker('by_key', 'counter', { register: 'registry', registry: 'names', registryKey: HOSTILE }),
      worker('strange', CUSTOM_ID),
      // ids (and a name) that are Object.prototype keys: plain objects keyed by them break (issue 15 item 5)
      worker('__proto__', 'counter', { name: 'proto_counter' }),
      worker('constructor', 'echo', { name: 'ctor_echo' }),
      worker('toString', 'echo', { name: 'to_string' }),
      { kind: 'load_source', id: 'load', name: 'traffic', target: 'http', message: [HOSTILE, { $bin: HOSTILE }] } as never,
    ],
    [...under('app_sup', 'names', 'counter_end', 'crash_me', 'db_module', 'watch_do', 'http', 'by_key', 'strange', '__proto__', 'constructor', 'toString'),
      calls('crash_me', 'counter_end'), link('crash_me', 'db_module'), monitor('watch_do', 'counter_end'),
      { kind: 'calls', id: 'labelled', source: 'http', target: 'counter_end', label: HOSTILE }],
    {
      title: HOSTILE,
      lesson: HOSTILE,
      customBehaviours: [{
        id: CUSTOM_ID, title: HOSTILE, description: HOSTILE,
        source: `// ${HOSTILE.replace(/[\r\n\u2028\u2029]/g, ' ')}\nexport default {\n  init(params: unknown) { return { ok: params }; },\n  handleCall(msg: unknown, _from: unknown, state: unknown) { return { reply: msg, state }; },\n};\n`,
      }],
      scenarios: [{ name: HOSTILE, description: HOSTILE, untilMs: 500, commands: [
        { type: 'send', at: 100, target: 'crash_me', message: ['crash', HOSTILE] },
        { type: 'call', at: 200, target: 'counter_end', message: { $bin: HOSTILE } },
        { type: 'exit', at: 300, target: 'db_module', reason: HOSTILE },
        { type: 'call', at: 350, target: '__proto__', message: 'get' },
        { type: 'exit', at: 400, target: 'constructor', reason: 'kill' },
      ] }],
    },
  );
}

/** Runs `work` over `items` with at most `limit` at a time (slow external tools on few cores). */
export async function runPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** One worker of every catalog behaviour in one tree (so every Elixir twin is compiled and started), and a scenario
 *  that crashes some of them. */
export function everyBehaviourDesign(): DesignDocument {
  return design(
    [
      sup('all', { strategy: 'one_for_one', maxRestarts: 50 }),
      registry('names'),
      worker('echo', 'echo'),
      worker('counter', 'counter'),
      worker('crasher', 'crasher', { params: { mode: 'exit', reason: 'boom' } }),
      worker('trapper', 'trapper'),
      worker('watcher', 'watcher', { params: { target: 'echo' } }),
      worker('database', 'database'),
      dynSup('servers'),
      worker('todo_server', 'todo_server', { register: 'registry', params: { listName: 'l', database: 'database' } }),
      worker('todo_cache', 'todo_cache', { params: { serverSupervisor: 'servers' } }),
      sup('pool_sup'),
      worker('pool_worker', 'pool_worker'),
      worker('pool_manager', 'pool_manager', { params: { size: 1 } }),
      worker('http_worker', 'http_worker'),
      worker('circuit_breaker', 'circuit_breaker'),
      worker('http_client_system', 'http_client_system'),
      worker('flaky', 'flaky', { params: { crashProbability: 0, crashEvery: 2 } }),
      worker('slow_init', 'slow_init', { params: { initMs: 30 } }),
      worker('slow_terminate', 'slow_terminate', { params: { terminateMs: 30 } }),
      worker('load_source', 'load_source', { params: { target: 'echo', rate: 0 } }),
      worker('telemetry_collector', 'telemetry_collector'),
      dynSup('adaptive_workers'),
      worker('adaptive_pool', 'adaptive_pool', { params: { minSize: 1, maxSize: 2 } }),
      worker('priority_queue', 'priority_queue'),
      worker('request_coalescer', 'request_coalescer', { params: { upstream: 'echo' } }),
      worker('graceful_shutdown', 'graceful_shutdown'),
    ],
    [
      ...under('all', 'names', 'echo', 'counter', 'crasher', 'trapper', 'watcher', 'database', 'servers', 'todo_cache', 'pool_sup', 'pool_manager',
        'http_worker', 'circuit_breaker', 'http_client_system', 'flaky', 'slow_init', 'slow_terminate', 'load_source', 'telemetry_collector',
        'adaptive_workers', 'adaptive_pool', 'priority_queue', 'request_coalescer', 'graceful_shutdown'),
      ...under('servers', 'todo_server'), ...under('pool_sup', 'pool_worker'),
      calls('todo_cache', 'servers'), calls('todo_cache', 'database'), calls('pool_manager', 'pool_sup'), calls('circuit_breaker', 'http_worker'),
      calls('http_client_system', 'circuit_breaker'), calls('adaptive_pool', 'adaptive_workers'), calls('http_worker', 'telemetry_collector'),
      calls('request_coalescer', 'echo'), link('trapper', 'crasher'),
    ],
    {
      title: 'Every behaviour',
      scenarios: [{ name: 'crash some', description: '', untilMs: 1500, commands: [
        { type: 'send', at: 100, target: 'crasher', message: 'crash' },
        { type: 'send', at: 200, target: 'flaky', message: 'x' },
        { type: 'send', at: 300, target: 'flaky', message: 'x' },
        { type: 'kill', at: 400, target: 'echo' },
        { type: 'call', at: 500, target: 'todo_cache', message: ['add', 'l', 'milk'] },
        { type: 'kill', at: 600, target: 'todo_server' },
        { type: 'kill', at: 800, target: 'pool_sup' },
        { type: 'exit', at: 1000, target: 'slow_terminate', reason: 'shutdown' },
      ] }],
    },
  );
}
