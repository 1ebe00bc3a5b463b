// Export: pick a format, preview the generated files, download them. The generators are runtime/codegen's
// (Mermaid, Elixir mix project) plus the design file itself and the compiled RuntimeSpec. A TypeScript project
// export is listed once runtime/codegen offers it.
import { useMemo, useState } from 'react';
import type { DesignDocument } from '../../runtime/design/document';
import { serialize } from '../../runtime/design/parse';
import { compile } from '../../runtime/design/spec';
import { exportMermaid } from '../../runtime/codegen/mermaid';
import { exportElixir } from '../../runtime/codegen/elixir';
import { Modal } from './Modal';

interface Target {
  id: string;
  label: string;
  hint: string;
  render?: (doc: DesignDocument, base: string) => Record<string, string>;
  missing?: string;
}

const TARGETS: Target[] = [
  { id: 'suptree', label: 'Design (.suptree)', hint: 'The design file itself.', render: (d, b) => ({ [`${b}.suptree`]: serialize(d) }) },
  { id: 'mermaid', label: 'Mermaid diagram', hint: 'A flowchart for docs and READMEs.', render: (d, b) => ({ [`${b}.mmd`]: exportMermaid(d) }) },
  { id: 'elixir', label: 'Elixir mix project', hint: 'Supervisors, child specs and behaviour modules; runs on OTP.', render: (d) => exportElixir(d).files },
  { id: 'spec', label: 'Runtime spec (JSON)', hint: 'The compiled tree the simulator runs.', render: (d, b) => ({ [`${b}.spec.json`]: `${JSON.stringify(compile(d), null, 2)}\n` }) },
  { id: 'ts', label: 'TypeScript project', hint: 'Runs on the runtime library.', missing: 'not in runtime/codegen yet' },
];

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name.replaceAll('/', '_') });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportDialog({ doc, baseName, onClose }: { doc: DesignDocument; baseName: string; onClose(): void }) {
  const [target, setTarget] = useState('suptree');
  const [fileIx, setFileIx] = useState(0);
  const t = TARGETS.find((x) => x.id === target)!;
  const base = baseName.replace(/\.suptree$/, '').replace(/[^A-Za-z0-9_.-]+/g, '_') || 'design';
  const out = useMemo(() => {
    if (!t.render) return { error: `${t.label}: ${t.missing}.` };
    try {
      return { files: Object.entries(t.render(doc, base)) };
    } catch (e) {
      // a design with errors cannot be compiled: say so with the compiler's message
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [t, doc, base]);
  const files = out.files ?? [];
  const current = files[Math.min(fileIx, files.length - 1)];
  return (
    <Modal title="Export" icon="export" wide onClose={onClose} footer={
      <>
        <button type="button" className="btn" onClick={onClose}>Close</button>
        <button type="button" className="btn" disabled={!current} onClick={() => current && navigator.clipboard?.writeText(current[1])}>Copy</button>
        {files.length > 1 && <button type="button" className="btn" onClick={() => files.forEach(([n, text]) => download(n, text))}>Download all ({files.length})</button>}
        <button type="button" className="btn primary" disabled={!current} onClick={() => current && download(current[0], current[1])}>Download {current?.[0] ?? ''}</button>
      </>
    }>
      <div className="export">
        <div className="export-targets" role="radiogroup" aria-label="Export format">
          {TARGETS.map((x) => (
            <label key={x.id} className={`export-target${x.missing ? ' missing' : ''}`}>
              <input type="radio" name="export-target" checked={x.id === target} onChange={() => { setTarget(x.id); setFileIx(0); }} />
              <span>{x.label}</span>
              <small>{x.missing ?? x.hint}</small>
            </label>
          ))}
        </div>
        <div className="export-right">
          {files.length > 1 && (
            <select className="input" aria-label="File" value={fileIx} onChange={(e) => setFileIx(Number(e.target.value))}>
              {files.map(([n], i) => <option key={n} value={i}>{n}</option>)}
            </select>
          )}
          <pre className="export-preview" aria-label="Preview" tabIndex={0}>{current ? current[1] : out.error}</pre>
        </div>
      </div>
    </Modal>
  );
}
