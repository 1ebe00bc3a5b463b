// The bottom panel: Problems (design diagnostics), Event log and Timeline (run mode, see renderer/run/mount.tsx).
import { useRef, type ReactNode } from 'react';
import { Icon, type IconName } from './Icons';

export interface BottomTab {
  id: string;
  label: string;
  icon: IconName;
  badge?: { text: string; kind?: 'err' };
  render(): ReactNode;
}

export function BottomPanel({ tabs, active, onSelect, onCollapse }: { tabs: BottomTab[]; active: string; onSelect(id: string): void; onCollapse(): void }) {
  const listRef = useRef<HTMLDivElement>(null);
  const current = tabs.find((t) => t.id === active) ?? tabs[0];
  const onKeyDown = (e: React.KeyboardEvent) => {
    const i = tabs.indexOf(current);
    const to = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i - 1 + tabs.length) % tabs.length] : undefined;
    if (!to) return;
    e.preventDefault();
    onSelect(to.id);
    listRef.current?.querySelector<HTMLButtonElement>(`#tab-${to.id}`)?.focus();
  };
  return (
    <>
      <div className="tabs">
        <div className="tablist" role="tablist" aria-label="Bottom panel" ref={listRef} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button key={t.id} id={`tab-${t.id}`} type="button" role="tab" className="tab" aria-selected={t.id === current.id}
            aria-controls={`tabpanel-${t.id}`} tabIndex={t.id === current.id ? 0 : -1} onClick={() => onSelect(t.id)}>
            <Icon name={t.icon} size={14} />
            {t.label}
            {t.badge && <span className={`badge${t.badge.kind === 'err' ? ' err' : ''}`}>{t.badge.text}</span>}
          </button>
        ))}
        </div>
        <span className="spacer" />
        <button type="button" className="icon-btn small" aria-label="Hide bottom panel" title="Hide panel" onClick={onCollapse}>
          <Icon name="chevronDown" size={14} />
        </button>
      </div>
      <div className="panel-body" role="tabpanel" id={`tabpanel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
        {current.render()}
      </div>
    </>
  );
}
