// Odd files (issue 15 item 6; the big ones are in cli/commands/odd-files.test.ts): a UTF-8 byte-order mark is accepted and said, text that was not valid UTF-8 is warned about before
// anyone saves it, and a "__proto__" key is reported as dropped (it was reported "kept" and silently dropped).
import { describe, expect, it } from 'vitest';
import { parse, serialize } from './parse';
import { CURRENT_VERSION } from './document';

const minimal = (extra: Record<string, unknown> = {}) => ({
  format: 'supervisor-studio', version: CURRENT_VERSION, title: 'odd',
  nodes: [{ id: 'w', kind: 'worker', name: 'w', position: { x: 0, y: 0 }, behaviour: 'echo', params: {} }],
  edges: [], ...extra,
});

describe('big and odd files', () => {
  it('accepts a UTF-8 byte-order mark and says it is not written back', () => {
    const r = parse(`\uFEFF${JSON.stringify(minimal())}`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual(['The file starts with a byte-order mark (BOM); it was skipped and is not written back.']);
    expect(serialize(r.doc).startsWith('{')).toBe(true);
  });

  it('warns when the text was not valid UTF-8 (replacement characters), before anyone saves it', () => {
    const bytes = Buffer.concat([Buffer.from(JSON.stringify(minimal({ title: 'caf_' })).replace('caf_', 'caf'), 'utf8')]);
    const latin1 = Buffer.from(bytes.toString('utf8').replace('"caf"', '"caf\u00e9"'), 'latin1'); // é as one Latin-1 byte
    const text = new TextDecoder('utf-8').decode(latin1); // how the CLI and the browser read it
    const r = parse(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.join('\n')).toMatch(/not valid UTF-8 .*1 character was replaced by "\uFFFD"/);
    expect(parse(JSON.stringify(minimal({ title: 'café' })))).toMatchObject({ ok: true, warnings: [] });
  });

  it('reports a "__proto__" key as dropped, wherever it is, and the document keeps a normal prototype', () => {
    const text = JSON.stringify(minimal()).replace('{"format"', '{"__proto__":{"polluted":true},"extra":1,"format"')
      .replace('"params":{}', '"params":{"__proto__":{"x":1}}');
    const r = parse(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([
      'The field $.__proto__ was dropped: "__proto__" is not a name a design can use.',
      'The field $.nodes[0].params.__proto__ was dropped: "__proto__" is not a name a design can use.',
      'Unknown field "extra" kept as it is.',
    ]);
    expect(Object.getPrototypeOf(r.doc)).toBe(Object.prototype);
    expect((r.doc as unknown as { polluted?: boolean }).polluted).toBeUndefined();
    expect(serialize(r.doc)).not.toContain('__proto__');
  });
});
