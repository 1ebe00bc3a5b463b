// Export: a preview of the generated text and a download. Targets come from what the runtime offers today:
// the design file itself and the compiled RuntimeSpec. TypeScript, Elixir and Mermaid arrive with runtime/codegen.
import { useMemo, useState } from 'react';
import type { DesignDocument } from '../../runtime/design/document';
import { serialize } from '../../runtime/design/parse';
import { compile } from '../../runtime/design/spec';
import { Modal } from './Modal';

interface Target {
  id: string;
  label: string;
  file: (base: string) => string;
  render?: (doc: DesignDocument) => string;
  missing?: string;
}

const TARGETS: Target[] = [
  { id: 'suptree', label: 'Design (.suptree)', file: (b) => `${b}.suptree`, render: serialize },
  { id: 'spec', label: 'Runtime spec (JSON)', file: (b) => `${b}.spec.json`, render: (d) => `${JSON.stringify(compile(d), null, 2)}\n` },
  { id: 'ts', label: 'TypeScript project', file: (b) => `${b}.ts`, missing: 'needs runtime/codegen (not built yet)' },
  { id: 'elixir', label: 'Elixir mix project', file: (b) => `${b}.ex`, missing: 'needs runtime/codegen (not built yet)' },
  { id: 'mermaid', label: 'Mermaid diagram', file: (b) => `${b}.mmd`, missing: 'needs runtime/codegen (not built yet)' },
];

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportDialog({ doc, baseName, onClose }: { doc: DesignDocument; baseName: string; onClose(): void }) {
  const [target, setTarget] = useState('suptree');
  const t = TARGETS.find((x) => x.id === target)!;
  const out = useMemo(() => {
    if (!t.render) return { error: `${t.label}: ${t.missing}.` };
    try {
      return { text: t.render(doc) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [t, doc]);
  const base = baseName.replace(/\.suptree$/, '') || 'design';
  return (
    <Modal title="Export" icon="export" wide onClose={onClose} footer={
      <>
        <button type="button" className="btn" onClick={onClose}>Close</button>
        <button type="button" className="btn" disabled={!out.text} onClick={() => out.text && navigator.clipboard?.writeText(out.text)}>Copy</button>
        <button type="button" className="btn primary" disabled={!out.text} onClick={() => out.text && download(t.file(base), out.text)}>Download {t.file(base)}</button>
      </>
    }>
      <div className="export">
        <div className="export-targets" role="radiogroup" aria-label="Export format">
          {TARGETS.map((x) => (
            <label key={x.id} className={`export-target${x.missing ? ' missing' : ''}`}>
              <input type="radio" name="export-target" checked={x.id === target} onChange={() => setTarget(x.id)} />
              <span>{x.label}</span>
              {x.missing && <small>{x.missing}</small>}
            </label>
          ))}
        </div>
        <pre className="export-preview" aria-label="Preview" tabIndex={0}>{out.text ?? out.error}</pre>
      </div>
    </Modal>
  );
}
