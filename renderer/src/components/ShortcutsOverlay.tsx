// The help overlay (`?`): the canvas gestures, then every command that has a shortcut, grouped, read from the registry.
import { useEffect, useRef } from 'react';
import { useCommands } from '../commands/context';
import { formatShortcut } from '../commands/registry';
import { Icon } from './Icons';

/** Mouse and keyboard gestures on the canvas (React Flow's defaults plus ours): not commands, so listed here. */
const GESTURES: readonly [string, string][] = [
  ['Pan', 'Space + drag, or a middle- or right-button drag'],
  ['Zoom', 'Wheel or pinch (zoom commands below)'],
  ['Select several', 'Left-drag on empty canvas (a box), or Shift+click'],
  ['Supervise / link', 'Drag from a node’s bottom handle / side handle to another node — or the inspector’s Structure fields'],
  ['Fault menu (run)', 'Right-click a process, or Shift+F10 / the Menu key on a focused one'],
];

export function ShortcutsOverlay({ onClose }: { onClose(): void }) {
  const registry = useCommands();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    return () => prev?.focus?.();
  }, []);
  const groups = new Map<string, typeof list>();
  const list = registry.list().filter((c) => c.shortcut);
  for (const c of list) {
    const g = c.group ?? 'General';
    groups.set(g, [...(groups.get(g) ?? []), c]);
  }
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" tabIndex={-1} ref={ref}
        onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onClose(); } }}>
        <div className="dialog-header">
          <Icon name="help" />
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          {registry.get('startTour') && <button type="button" className="btn" onClick={() => { onClose(); registry.execute('startTour'); }}>Take the tour</button>}
          <button type="button" className="icon-btn" aria-label="Close" onClick={onClose}><Icon name="close" /></button>
        </div>
        <div className="dialog-body" tabIndex={0} aria-label="Shortcut list">
          <div className="shortcuts">
            <Section title="Canvas">
              {GESTURES.map(([what, how]) => (
                <div className="shortcut-row" key={what}><span>{what}</span><span>{how}</span></div>
              ))}
            </Section>
            {[...groups].map(([g, cmds]) => (
              <Section key={g} title={g}>
                {cmds.map((c) => (
                  <div className="shortcut-row" key={c.id}>
                    <span>{c.label}</span>
                    <span>{[c.shortcut!, ...(c.altShortcuts ?? [])].slice(0, 2).map((s) => <kbd key={s}>{formatShortcut(s, registry.isMac)}</kbd>)}</span>
                  </div>
                ))}
              </Section>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <>
      <h3>{title}</h3>
      {children}
    </>
  );
}
