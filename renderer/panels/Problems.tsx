// The problems panel: runtime/design's diagnostics; clicking one selects and reveals what it is about.
import type { DesignDocument } from '../../runtime/design/document';
import { Icon } from '../src/components/Icons';
import type { Diagnostic } from './problems-model';

export function Problems({ diagnostics, doc, onReveal, onQuickFix }: { diagnostics: readonly Diagnostic[]; doc: DesignDocument; onReveal(d: Diagnostic): void; onQuickFix(d: Diagnostic): void }) {
  if (diagnostics.length === 0) {
    return <div className="empty"><Icon name="check" /><strong>No problems</strong><span>The design is valid and can run.</span></div>;
  }
  const name = (id: string) => doc.nodes.find((n) => n.id === id)?.name || id;
  return (
    <ul className="problems" aria-label="Problems">
      {diagnostics.map((d, i) => (
        <li key={`${d.code}:${i}`} className={`problem ${d.severity}`}>
          <button type="button" className="problem-main" onClick={() => onReveal(d)} title="Select and show on the canvas">
            <Icon name={d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info'} size={14} />
            <span className="problem-msg">{d.message}</span>
            <span className="problem-where">{[...d.nodeIds.map(name), ...d.edgeIds].join(', ')}</span>
            <span className="problem-code">{d.code}</span>
          </button>
          {d.quickFix && <button type="button" className="btn small-btn" onClick={() => onQuickFix(d)}><Icon name="bolt" size={13} />{d.quickFix.title}</button>}
        </li>
      ))}
    </ul>
  );
}
