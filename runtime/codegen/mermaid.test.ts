import { describe, expect, it } from 'vitest';
import { flattenSpec } from '../design/spec';
import { exportMermaid } from './mermaid';
import { HOSTILE, hostileDesign, templateSpecs as specsOf } from './fixtures';

const templateSpecs = () => specsOf(import.meta.glob('../../templates/*.suptree', { query: '?raw', import: 'default', eager: true }));

// The grammar the exporter may produce: anything else (a stray quote, a raw newline in a label) fails the test.
const LINE = [
  /^flowchart (TD|LR)$/,
  /^%% [^\n]*$/,
  /^ {2}(n\d+|load\d+)(\["[^"]*"\]|\[\["[^"]*"\]\]|\{\{"[^"]*"\}\}|\[\("[^"]*"\)\]|\("[^"]*"\)|\[\/"[^"]*"\/\])$/,
  /^ {2}(n\d+|load\d+) (-->|<-->|-\.->|==>)(\|"[^"|]*"\|)? n\d+$/,
  /^ {2}classDef \w+ [^"]+$/,
  /^ {2}class (n\d+|load\d+)(,(n\d+|load\d+))* \w+$/,
];

function checkGrammar(src: string): void {
  expect(src.endsWith('\n')).toBe(true);
  for (const line of src.trimEnd().split('\n')) {
    expect(LINE.some((re) => re.test(line)), `unexpected Mermaid line: ${JSON.stringify(line)}`).toBe(true);
  }
}

describe('exportMermaid', () => {
  it('draws every process of every template once, with its supervision edge', () => {
    for (const { file, spec } of templateSpecs()) {
      const src = exportMermaid(spec);
      checkGrammar(src);
      const all = flattenSpec(spec);
      const nodes = src.split('\n').filter((l) => /^ {2}n\d+[[({]/.test(l));
      expect(nodes, file).toHaveLength(all.length);
      const supervised = all.length - spec.roots.length;
      expect(src.split('\n').filter((l) => / --> n\d+$/.test(l)), file).toHaveLength(supervised);
      expect(src.split('\n').filter((l) => l.includes('|"link"|')), file).toHaveLength(spec.links.length);
      expect(src.split('\n').filter((l) => l.includes('|"monitors"|')), file).toHaveLength(spec.monitors.length);
      expect(src.split('\n').filter((l) => l.includes(' ==>')), file).toHaveLength(spec.calls.length);
    }
  });

  it('puts the capstone tree in child order with its calls chain', () => {
    const spec = templateSpecs().find((t) => t.file === 'capstone-http-client-pool')!.spec;
    const src = exportMermaid(spec);
    expect(src).toContain('n0["http_app<br/>rest_for_one · 3 in 5s"]');
    const order = [...src.matchAll(/^ {2}n\d+[[(]+"(\w+)/gm)].map((m) => m[1]);
    expect(order).toEqual(['http_app', 'breaker', 'pool', 'http_pool', 'http_1', 'http_2', 'http_3', 'pool_manager', 'http_client']);
    expect(src).toMatch(/load0 -\.->\|"load"\| n8/);
  });

  it('keeps hostile text inside its label', () => {
    const src = exportMermaid(hostileDesign());
    checkGrammar(src);
    expect(src).not.toContain('\r');
    expect(src).not.toContain('\u0000');
    expect(src).not.toContain('\u2028');
    expect(src).toContain('#quot;');
    expect(src).toContain('日本語 😀');
    // the title is a comment, one `%%` line per source line
    expect(src.split('\n').filter((l) => l.startsWith('%%'))).toHaveLength(HOSTILE.split(/\r\n|[\r\n\u2028\u2029]/).length);
  });
});
