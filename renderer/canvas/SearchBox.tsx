// Search by name: matches are highlighted on the canvas; Enter (or a click) selects and reveals one.
import { useEffect, useRef, useState } from 'react';
import type { DesignDocument } from '../../runtime/design/document';
import { Icon } from '../src/components/Icons';
import { KIND_LABEL } from './nodes';

export function searchNodes(doc: DesignDocument, q: string) {
  const s = q.trim().toLowerCase();
  if (!s) return [];
  return doc.nodes.filter((n) => (n.name || (n.kind === 'note' ? n.text : '')).toLowerCase().includes(s) || n.id.toLowerCase() === s);
}

export function SearchBox({ doc, onHighlight, onPick, onClose }: { doc: DesignDocument; onHighlight(ids: Set<string> | undefined): void; onPick(id: string): void; onClose(): void }) {
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const ref = useRef<HTMLInputElement>(null);
  const results = searchNodes(doc, q).slice(0, 50);
  useEffect(() => ref.current?.focus(), []);
  useEffect(() => {
    onHighlight(q.trim() ? new Set(results.map((n) => n.id)) : undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, doc]);
  useEffect(() => () => onHighlight(undefined), [onHighlight]);
  return (
    <div className="searchbox" role="search">
      <div className="row">
        <Icon name="search" size={14} />
        <input ref={ref} value={q} placeholder="Find a process by name" aria-label="Find by name"
          role="combobox" aria-expanded={results.length > 0} aria-controls="search-results"
          onChange={(e) => { setQ(e.target.value); setActive(0); }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') { e.preventDefault(); onClose(); }
            else if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, results.length - 1)); }
            else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
            else if (e.key === 'Enter' && results[active]) { e.preventDefault(); onPick(results[active].id); onClose(); }
          }} />
        <span className="kind">{q ? `${results.length}` : ''}</span>
        <button type="button" className="icon-btn small" aria-label="Close search" onClick={onClose}><Icon name="close" size={13} /></button>
      </div>
      {results.length > 0 && (
        <ul id="search-results" role="listbox" aria-label="Matches">
          {results.map((n, i) => (
            <li key={n.id} role="option" aria-selected={i === active} onMouseDown={(e) => { e.preventDefault(); onPick(n.id); onClose(); }}>
              {n.name || n.id}<span className="kind">{KIND_LABEL[n.kind]}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
