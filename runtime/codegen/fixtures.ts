// Fixtures for the codegen tests (pure, so they type-check with the runtime): the templates as compiled specs and
// a design full of hostile text for the escaping tests. Tests read the template files with Vite's glob import:
//   templateSpecs(import.meta.glob('../../templates/*.suptree', { query: '?raw', import: 'default', eager: true }))
import { design, sup, worker, registry, under, calls, link, monitor } from '../design/build';
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
      { kind: 'load_source', id: 'load', name: 'traffic', target: 'http', message: [HOSTILE, { $bin: HOSTILE }] } as never,
    ],
    [...under('app_sup', 'names', 'counter_end', 'crash_me', 'db_module', 'watch_do', 'http', 'by_key', 'strange'),
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
