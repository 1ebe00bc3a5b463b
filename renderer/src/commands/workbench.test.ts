import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMAND_IDS, MENU_KEYS } from '../../../electron/menu-keys';
import { Editor } from '../../editor/editor';
import { RunController } from '../../run/controller';
import { runCommands } from '../../run/run-commands';
import { CommandRegistry, parseShortcut } from './registry';
import { workbenchCommands, type WorkbenchDeps } from './workbench';

function registered() {
  const editor = new Editor();
  const deps = {
    editor, session: { newDocument: vi.fn(), open: vi.fn(async () => false), save: vi.fn(async () => undefined), saveAs: vi.fn(async () => undefined) },
    recent: vi.fn(async () => undefined), hostKind: 'browser',
    view: { fitView: vi.fn(), zoomIn: vi.fn(), zoomOut: vi.fn(), autoLayout: vi.fn(async () => undefined), fitSoon: vi.fn(), resetView: vi.fn() },
    overlay: vi.fn(), find: vi.fn(), whatIf: vi.fn(), addItem: vi.fn(), copy: vi.fn(async () => undefined), paste: vi.fn(async () => undefined),
    layout: { leftOpen: true, rightOpen: true, bottomOpen: true }, setLayout: vi.fn(), showProblems: vi.fn(),
    theme: { toggle: vi.fn(), followSystem: vi.fn() }, problems: { errors: 0, warnings: 0 }, show: vi.fn(), fail: () => vi.fn(),
    pingKernel: vi.fn(async () => 'pong'), runtimeVersion: () => 'test',
  } satisfies WorkbenchDeps;
  const registry = new CommandRegistry(false);
  const controller = new RunController({ startWorker: () => { throw new Error('no worker in this test'); } });
  registry.register(workbenchCommands(() => deps));
  registry.register(runCommands(controller, editor, async () => undefined));
  return { registry, deps };
}

describe('workbench commands', () => {
  it('registers every command the desktop menu sends, with exactly the keys of the shared key table', () => {
    const { registry } = registered();
    for (const id of MENU_COMMAND_IDS) {
      const c = registry.get(id);
      expect(c, `menu command ${id} has no registered command`).toBeDefined();
      expect([c!.shortcut, ...(c!.altShortcuts ?? [])].filter(Boolean), id).toEqual([...MENU_KEYS[id].keys]);
    }
  });

  it('binds each key to one command only (Ctrl+Shift+L was both Toggle Theme and Auto-layout)', () => {
    const { registry } = registered();
    const owner = new Map<string, string>();
    for (const c of registry.list()) {
      for (const s of [c.shortcut, ...(c.altShortcuts ?? [])]) {
        if (!s) continue;
        const k = parseShortcut(s);
        const chord = `${k.mod ? 'Mod+' : ''}${k.alt ? 'Alt+' : ''}${k.shift && /^[a-z0-9]|^f\d+$|^[a-z]{2,}$/.test(k.key) ? 'Shift+' : ''}${k.key}`;
        expect(owner.get(chord), `${s} is bound to ${owner.get(chord)} and ${c.id}`).toBeUndefined();
        owner.set(chord, c.id);
      }
    }
    expect(owner.get('Mod+Shift+l')).toBe('autoLayout');
    expect(registry.find({ key: 'T', ctrlKey: true, altKey: true, shiftKey: false, metaKey: false }, false)?.id).toBe('toggleTheme');
  });

  it('a menu command runs what the page runs (e.g. Stop, Toggle theme, New)', () => {
    const { registry, deps } = registered();
    expect(registry.execute('toggleTheme')).toBe(true);
    expect(deps.theme.toggle).toHaveBeenCalledOnce();
    expect(registry.execute('new')).toBe(true);
    expect(deps.session.newDocument).toHaveBeenCalledOnce();
    expect(registry.isEnabled('run:stop')).toBe(false); // no run: nothing to stop
  });
});
