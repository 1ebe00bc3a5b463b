// The palette: node kinds to drag onto the canvas (pointer drag with a ghost, so it behaves the same in Electron,
// the browser and tests), or to add at the centre of the view with Enter.
import { useRef, useState } from 'react';
import { Icon } from '../src/components/Icons';
import { PALETTE_ITEMS, type PaletteItem } from './palette-items';

export interface PaletteProps {
  onDrop(item: PaletteItem, clientX: number, clientY: number): void;
  onAdd(item: PaletteItem): void;
}

export function Palette({ onDrop, onAdd }: PaletteProps) {
  const [filter, setFilter] = useState('');
  const [ghost, setGhost] = useState<{ item: PaletteItem; x: number; y: number } | null>(null);
  const drag = useRef<{ item: PaletteItem; x: number; y: number; active: boolean } | null>(null);

  const q = filter.trim().toLowerCase();
  const items = q ? PALETTE_ITEMS.filter((i) => `${i.label} ${i.hint} ${i.behaviour ?? ''}`.toLowerCase().includes(q)) : PALETTE_ITEMS;
  const groups = ['Supervision', 'Workers', 'Other'] as const;

  const onPointerDown = (item: PaletteItem) => (e: React.PointerEvent<HTMLButtonElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { item, x: e.clientX, y: e.clientY, active: false };
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    if (!d.active && Math.hypot(e.clientX - d.x, e.clientY - d.y) > 4) d.active = true;
    if (d.active) setGhost({ item: d.item, x: e.clientX, y: e.clientY });
  };
  const onPointerUp = (e: React.PointerEvent) => {
    const d = drag.current;
    drag.current = null;
    setGhost(null);
    if (d?.active) onDrop(d.item, e.clientX, e.clientY);
  };

  return (
    <>
      <div className="palette-search">
        <Icon name="search" size={14} />
        <input type="search" placeholder="Filter kinds and behaviours" aria-label="Filter palette" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <div className="panel-body palette" role="group" aria-label="Node kinds">
        {groups.map((g) => {
          const list = items.filter((i) => i.group === g);
          if (!list.length) return null;
          return (
            <div key={g} className="palette-group" role="group" aria-labelledby={`palette-group-${g}`}>
              <div className="palette-group-title" id={`palette-group-${g}`}>{g}</div>
              {list.map((item) => (
                <button key={item.key} type="button" className={`palette-item pk-${item.kind}`}
                  title={`${item.hint}\nDrag onto the canvas, or press Enter to add it.`}
                  aria-label={`Add ${item.label}`} data-palette={item.key}
                  onPointerDown={onPointerDown(item)} onPointerMove={onPointerMove} onPointerUp={onPointerUp}
                  onPointerCancel={() => { drag.current = null; setGhost(null); }}
                  onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onAdd(item); } }}
                  onDoubleClick={() => onAdd(item)}>
                  <span className="pi-icon"><Icon name={item.icon} size={15} /></span>
                  <span className="pi-label">{item.label}</span>
                  {item.key1 && <kbd className="pi-key">{item.key1}</kbd>}
                </button>
              ))}
            </div>
          );
        })}
        {!items.length && <div className="empty">Nothing matches “{filter}”.</div>}
      </div>
      {ghost && (
        <div className="drop-ghost" style={{ left: ghost.x, top: ghost.y }}>
          <Icon name={ghost.item.icon} size={14} />{ghost.item.label}
        </div>
      )}
    </>
  );
}
