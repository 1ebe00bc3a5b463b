import { useEffect, useRef, useState } from 'react';
import { useCommands } from '../commands/context';
import { formatShortcut } from '../commands/registry';

/** The header's overflow menu ("More ▾"): on windows narrower than 1280 px (see app.css, `.tb-opt`) the less important
 *  header buttons hide and their commands are listed here. Labels, shortcuts and enabled state come from the registry. */
export function MoreMenu({ commands, checked }: { commands: readonly string[]; checked?: Readonly<Record<string, boolean>> }) {
  const registry = useCommands();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);

  const items = () => [...(root.current?.querySelectorAll<HTMLButtonElement>('[role^="menuitem"]:not([disabled])') ?? [])];
  const onKey = (e: React.KeyboardEvent) => {
    const list = items();
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); setOpen(false); button.current?.focus(); }
    else if (e.key === 'ArrowDown') { e.preventDefault(); list[(i + 1) % list.length]?.focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); list[(i - 1 + list.length) % list.length]?.focus(); }
    else if (e.key === 'Home') { e.preventDefault(); list[0]?.focus(); }
    else if (e.key === 'End') { e.preventDefault(); list[list.length - 1]?.focus(); }
    else if (e.key === 'Tab') setOpen(false);
  };

  return (
    <div className="more-menu tb-more" ref={root} onKeyDown={onKey}>
      <button type="button" ref={button} className="icon-btn more-btn" aria-haspopup="menu" aria-expanded={open}
        onClick={() => setOpen(!open)} data-testid="more-menu">More <span aria-hidden="true">▾</span></button>
      {open && (
        <div className="more-list" role="menu" aria-label="More">
          {commands.map((id, i) => {
            const cmd = registry.get(id);
            if (!cmd) return null;
            const isCheck = checked && id in checked;
            return (
              <button key={id} type="button" role={isCheck ? 'menuitemcheckbox' : 'menuitem'} aria-checked={isCheck ? checked[id] : undefined}
                autoFocus={i === 0} disabled={!registry.isEnabled(id)} data-command={id}
                onClick={() => { setOpen(false); registry.execute(id); }}>
                <span className="more-check" aria-hidden="true">{isCheck && checked[id] ? '✓' : ''}</span>
                <span className="more-label">{cmd.label}</span>
                {cmd.shortcut && <kbd>{formatShortcut(cmd.shortcut, registry.isMac)}</kbd>}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
