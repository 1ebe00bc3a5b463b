// ★ Blast radius preview: "What if this crashes?" — runtime/sim's blastRadius runs the failure on a copy of the tree
// (compiled from the current document) and the canvas marks who is restarted, stopped or left alone. It follows
// every edit, so switching one_for_one → one_for_all shows the difference at once.
import type { DesignDocument } from '../../runtime/design/document';
import type { BlastResult } from '../../runtime/sim/blast';
import { Icon } from '../src/components/Icons';

export const BLAST_REASONS = ['kill', 'boom', 'normal', 'shutdown'] as const;

export function BlastCard({ doc, result, reason, onReason, onClose }: {
  doc: DesignDocument; result: BlastResult | { error: string }; reason: string; onReason(r: string): void; onClose(): void;
}) {
  const name = (id: string) => doc.nodes.find((n) => n.id === id)?.name || id;
  if ('error' in result) {
    return (
      <div className="blast-card" role="region" aria-label="Blast radius">
        <h3><Icon name="bolt" size={14} /><span className="grow">What if it crashes?</span><button type="button" className="icon-btn small" aria-label="Close blast radius" onClick={onClose}><Icon name="close" size={13} /></button></h3>
        <p className="muted">{result.error}</p>
      </div>
    );
  }
  const by = (o: string) => Object.entries(result.outcome).filter(([id, v]) => v === o && id !== result.nodeId).map(([id]) => id);
  const restarts = by('restarts'), dies = by('dies'), untouched = by('untouched');
  const first = result.escalations[0];
  return (
    <div className="blast-card" role="region" aria-label="Blast radius">
      <h3>
        <Icon name="bolt" size={14} />
        <span className="grow">What if <strong>{name(result.nodeId)}</strong> crashes?</span>
        <button type="button" className="icon-btn small" aria-label="Close blast radius" onClick={onClose}><Icon name="close" size={13} /></button>
      </h3>
      <div className="row">
        <label>Exit reason{' '}
          <select value={reason} onChange={(e) => onReason(e.target.value)} aria-label="Exit reason">
            {BLAST_REASONS.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
      </div>
      <div className="row" data-testid="blast-summary">
        <span className="pill restarts">{restarts.length} restarted</span>
        <span className="pill dies">{dies.length} stopped</span>
        <span className="pill untouched">{untouched.length} untouched</span>
      </div>
      {restarts.length > 0 && <p className="muted">Restarted: {restarts.map(name).join(', ')}</p>}
      {dies.length > 0 && <p className="muted">Stopped: {dies.map(name).join(', ')}</p>}
      <p className={`verdict${result.escalates ? ' bad' : ''}`} data-testid="blast-verdict">
        {result.rootGaveUp ? 'Escalates to the root: the whole tree stops.'
          : result.escalates ? `Escalates: ${name(first?.nodeId ?? '')} gives up.`
          : 'Contained: no supervisor gives up.'}
      </p>
      <p className="muted">
        {result.repeated.gaveUp
          ? `Repeated ${result.repeated.failures} times in a row, ${name(result.repeated.gaveUp)} gives up${result.repeated.rootGaveUp ? ' and the root stops' : ''}.`
          : 'Repeated failures never make a supervisor give up.'}
      </p>
    </div>
  );
}
