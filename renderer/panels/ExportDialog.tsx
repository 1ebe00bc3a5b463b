// Export: pick a format, preview the generated files, save them. The generators are runtime/codegen's (Mermaid,
// Elixir mix project, TypeScript project) plus the design file itself and the compiled RuntimeSpec; the canvas
// goes out as PNG or SVG. In the desktop app every save goes through the host's native dialogs: a project into a
// picked folder (all or nothing, main process) or as a .zip, single files and images through the save dialog. In
// a browser, a project is written into a folder picked with the File System Access API where there is one, and is
// always offered as a .zip download; single files are downloads (docs/renderer.md, "Export").
import { useEffect, useMemo, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { DesignDocument } from '../../runtime/design/document';
import { serialize } from '../../runtime/design/parse';
import { compile } from '../../runtime/design/spec';
import { exportMermaid } from '../../runtime/codegen/mermaid';
import { exportElixir } from '../../runtime/codegen/elixir';
import { exportTypeScript } from '../../runtime/codegen/typescript';
import { Modal } from './Modal';
import { canPickFolder, dataUrlContent, dataUrlToBlob, downloadBlob, downloadZip, saveToFolder, zipFiles, type ExportFiles } from './export-save';
import type { Host } from '../host/types';
import { renderCanvasImage, type ImageFormat } from './canvas-image';

interface Target {
  id: string;
  label: string;
  hint: string;
  /** Text files (a project when there are several). */
  render?: (doc: DesignDocument, base: string) => ExportFiles;
  /** The canvas as an image. */
  image?: ImageFormat;
  /** The folder name of a project export. */
  folder?: (base: string) => string;
}

/** The runtime package a TypeScript export vendors, and its dev tools' lockfile entries: built into the app as
 *  its own chunk (scripts/vite-runtime-package.ts), loaded when the dialog opens. */
type RuntimeBundle = (typeof import('virtual:runtime-package'))['default'];
let runtimeBundle: RuntimeBundle | undefined;
const loadRuntimeBundle = (): Promise<RuntimeBundle> => import('virtual:runtime-package').then((m) => (runtimeBundle = m.default));

function typeScriptProject(d: DesignDocument): ExportFiles {
  if (!runtimeBundle) throw new Error('Loading the runtime package the project carries…');
  return exportTypeScript(d, { runtimePackage: runtimeBundle.files, toolLock: runtimeBundle.lock }).files;
}

const TARGETS: Target[] = [
  { id: 'suptree', label: 'Design (.suptree)', hint: 'The design file itself.', render: (d, b) => ({ [`${b}.suptree`]: serialize(d) }) },
  { id: 'mermaid', label: 'Mermaid diagram', hint: 'A flowchart for docs and READMEs.', render: (d, b) => ({ [`${b}.mmd`]: exportMermaid(d) }) },
  { id: 'ts', label: 'TypeScript project', hint: 'On the runtime package (inside the project): npm start runs the tree, npm test the scenarios.', render: typeScriptProject, folder: (b) => `${b}-typescript` },
  { id: 'elixir', label: 'Elixir mix project', hint: 'Supervisors, child specs and behaviour modules; runs on OTP.', render: (d) => exportElixir(d).files, folder: (b) => `${b}-elixir` },
  { id: 'spec', label: 'Runtime spec (JSON)', hint: 'The compiled tree the simulator runs.', render: (d, b) => ({ [`${b}.spec.json`]: `${JSON.stringify(compile(d), null, 2)}\n` }) },
  { id: 'png', label: 'Canvas as PNG', hint: 'A picture of the whole tree.', image: 'png' },
  { id: 'svg', label: 'Canvas as SVG', hint: 'A scalable picture of the whole tree.', image: 'svg' },
];

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What the dialog needs from the host: the desktop's native save paths (absent in a browser). */
export type ExportHost = Pick<Host, 'saveExportToFolder' | 'saveExportFile'>;

export function ExportDialog({ doc, baseName, host, onClose }: { doc: DesignDocument; baseName: string; host?: ExportHost; onClose(): void }) {
  const flow = useReactFlow();
  const [target, setTarget] = useState('suptree');
  const [fileIx, setFileIx] = useState(0);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [image, setImage] = useState<{ id: string; url?: string; error?: string } | null>(null);
  const [bundle, setBundle] = useState<RuntimeBundle | 'failed' | undefined>(runtimeBundle);
  useEffect(() => {
    if (bundle) return;
    let live = true;
    loadRuntimeBundle().then((b) => live && setBundle(b), () => live && setBundle('failed'));
    return () => { live = false; };
  }, [bundle]);
  const t = TARGETS.find((x) => x.id === target)!;
  const base = baseName.replace(/\.suptree$/, '').replace(/[^A-Za-z0-9_.-]+/g, '_') || 'design';
  const out = useMemo(() => {
    if (!t.render) return {};
    if (t.id === 'ts' && bundle === 'failed') return { error: 'The runtime package a TypeScript project carries could not be loaded; reload the app and try again.' };
    try {
      return { files: Object.entries(t.render(doc, base)) };
    } catch (e) {
      // a design with errors cannot be compiled: say so with the compiler's message
      return { error: message(e) };
    }
    // `bundle`: the TypeScript project is rendered again once the runtime package is loaded
  }, [t, doc, base, bundle]);

  useEffect(() => {
    if (!t.image) return;
    let live = true;
    renderCanvasImage(flow.getNodes(), t.image).then(
      (url) => live && setImage({ id: t.id, url }),
      (e: unknown) => live && setImage({ id: t.id, error: message(e) }),
    );
    return () => { live = false; };
  }, [t, flow]);

  const files = out.files ?? [];
  const current = files[Math.min(fileIx, files.length - 1)];
  const shown = image?.id === t.id ? image : null;
  const project = files.length > 1 && t.folder ? t.folder(base) : null;
  const choose = (id: string) => { setTarget(id); setFileIx(0); setStatus(null); };
  const run = (what: () => Promise<string | null> | string | null) => {
    setStatus(null);
    Promise.resolve().then(what).then(
      (text) => text && setStatus({ ok: true, text }),
      (e: unknown) => setStatus({ ok: false, text: message(e) }),
    );
  };
  // the desktop app: native dialogs in the main process (both methods come together from the Electron host)
  const desktop = host?.saveExportToFolder && host.saveExportFile ? host : null;
  const saveFile = async (name: string, content: string | Uint8Array) => {
    const saved = await desktop!.saveExportFile!(name, content);
    return saved && `Saved ${saved.id}.`;
  };
  const downloadText = (name: string, text: string) => { downloadBlob(name.replaceAll('/', '_'), new Blob([text], { type: 'text/plain' })); return `Downloaded ${name}.`; };

  return (
    <Modal title="Export" icon="export" wide onClose={onClose} footer={
      <>
        {status && <span className={`export-status${status.ok ? '' : ' error'}`} role={status.ok ? 'status' : 'alert'}>{status.text}</span>}
        <button type="button" className="btn" onClick={onClose}>Close</button>
        {current && <button type="button" className="btn" onClick={() => navigator.clipboard?.writeText(current[1])}>Copy</button>}
        {desktop ? (
          <>
            {project && <button type="button" className="btn" onClick={() => run(() => saveFile(`${project}.zip`, zipFiles(project, Object.fromEntries(files))))} title={`${project}.zip`}>Save as .zip…</button>}
            {project && (
              <button type="button" className="btn primary" onClick={() => run(async () => {
                const r = await desktop.saveExportToFolder!(project, Object.fromEntries(files));
                return r && `${r.replaced ? 'Replaced' : 'Wrote'} ${r.files} files in ${r.folder}.`;
              })}>Save to folder…</button>
            )}
            {!project && current && <button type="button" className="btn primary" onClick={() => run(() => saveFile(current[0].replaceAll('/', '_'), current[1]))}>Save {current[0]}…</button>}
            {t.image && (
              <button type="button" className="btn primary" disabled={!shown?.url} onClick={() => shown?.url && run(() => saveFile(`${base}.${t.image}`, dataUrlContent(shown.url!).content))}>
                Save {base}.{t.image}…
              </button>
            )}
          </>
        ) : (
          <>
            {project && canPickFolder() && (
              <button type="button" className="btn" onClick={() => run(async () => { const at = await saveToFolder(project, Object.fromEntries(files)); return at && `Wrote ${files.length} files to ${at}.`; })}>Save to folder…</button>
            )}
            {project && (
              <button type="button" className="btn primary" onClick={() => run(() => `Downloaded ${downloadZip(project, Object.fromEntries(files))}.`)}>Download {project}.zip</button>
            )}
            {!project && current && <button type="button" className="btn primary" onClick={() => run(() => downloadText(current[0], current[1]))}>Download {current[0]}</button>}
            {t.image && (
              <button type="button" className="btn primary" disabled={!shown?.url} onClick={() => shown?.url && run(() => { downloadBlob(`${base}.${t.image}`, dataUrlToBlob(shown.url!)); return `Downloaded ${base}.${t.image}.`; })}>
                Download {base}.{t.image}
              </button>
            )}
          </>
        )}
      </>
    }>
      <div className="export">
        <div className="export-targets" role="radiogroup" aria-label="Export format">
          {TARGETS.map((x) => (
            <label key={x.id} className="export-target">
              <input type="radio" name="export-target" checked={x.id === target} onChange={() => choose(x.id)} />
              <span>{x.label}</span>
              <small>{x.hint}</small>
            </label>
          ))}
        </div>
        <div className={`export-right${files.length > 1 ? ' with-files' : ''}`}>
          {files.length > 1 && (
            <ul className="export-files" role="listbox" aria-label="Files">
              {files.map(([n], i) => (
                <li key={n} role="option" aria-selected={current?.[0] === n} className={current?.[0] === n ? 'selected' : ''} onClick={() => setFileIx(i)}
                  onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') setFileIx(i); }} tabIndex={0} title={n}>
                  {n}
                </li>
              ))}
            </ul>
          )}
          {t.image
            ? <div className="export-image" aria-label="Preview">
                {shown?.url ? <img src={shown.url} alt={`The canvas as ${t.image.toUpperCase()}`} /> : <span>{shown?.error ?? 'Drawing the canvas…'}</span>}
              </div>
            : <pre className="export-preview" aria-label="Preview" tabIndex={0}>{current ? current[1] : out.error}</pre>}
        </div>
      </div>
    </Modal>
  );
}
