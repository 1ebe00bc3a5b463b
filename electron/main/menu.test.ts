import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_KEYS, MenuCommand, toAccelerator } from '../contract';
import { buildMenuTemplate, type MenuDeps } from './menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}
function setup(overrides: Partial<MenuDeps> = {}) {
  const deps: MenuDeps = { platform: 'linux', recent: [], send: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn(), dev: false, ...overrides };
  const template = buildMenuTemplate(deps);
  return { deps, template, items: flatten(template) };
}
const click = (item: MenuItemConstructorOptions) => (item.click as () => void)();

describe('application menu', () => {
  it('has File, Edit, View, Run, Help', () => {
    expect(setup().template.map((m) => m.label?.replace('&', ''))).toEqual(['File', 'Edit', 'View', 'Run', 'Help']);
    expect(setup({ platform: 'darwin' }).template[0].role).toBe('appMenu');
  });

  it('sends every renderer command from exactly one item', () => {
    const { deps, items } = setup();
    for (const item of items.filter((i) => i.click)) click(item);
    const sent = (deps.send as ReturnType<typeof vi.fn>).mock.calls.map((c) => c[0]);
    expect([...sent].sort()).toEqual([...MenuCommand.options].sort());
    for (const item of items.filter((i) => i.id)) {
      (deps.send as ReturnType<typeof vi.fn>).mockClear();
      click(item);
      expect(deps.send).toHaveBeenCalledWith(item.id);
    }
  });

  it('uses the standard accelerators', () => {
    const { deps, items } = setup();
    const byAccel = (a: string) => {
      const item = items.find((i) => i.accelerator === a);
      expect(item, a).toBeDefined();
      (deps.send as ReturnType<typeof vi.fn>).mockClear();
      click(item!);
      return (deps.send as ReturnType<typeof vi.fn>).mock.calls[0][0];
    };
    expect(byAccel('CmdOrCtrl+N')).toBe('new');
    expect(byAccel('CmdOrCtrl+O')).toBe('open');
    expect(byAccel('CmdOrCtrl+S')).toBe('save');
    expect(byAccel('CmdOrCtrl+Shift+S')).toBe('saveAs');
    expect(byAccel('CmdOrCtrl+Z')).toBe('undo');
    expect(byAccel('CmdOrCtrl+Y')).toBe('redo');
    expect(byAccel('F5')).toBe('run:run');
    expect(byAccel('CmdOrCtrl+Enter')).toBe('run:playPause');
    expect(byAccel('Shift+F5')).toBe('run:stop');
    expect(byAccel('CmdOrCtrl+Alt+T')).toBe('toggleTheme');
    const mac = setup({ platform: 'darwin' }).items;
    expect(mac.find((i) => i.accelerator === 'CmdOrCtrl+Shift+Z')?.label).toBe('Redo');
  });

  it('takes every accelerator from the key table the renderer registers, and no accelerator twice', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const { items } = setup({ platform });
      const accels = items.filter((i) => i.accelerator).map((i) => String(i.accelerator));
      expect(new Set(accels).size, platform).toBe(accels.length);
      for (const item of items.filter((i) => i.id && i.accelerator)) {
        const keys = MENU_KEYS[item.id as MenuCommand].keys.map(toAccelerator);
        expect(keys, `${item.id} on ${platform}`).toContain(item.accelerator);
      }
    }
    expect(setup().items.find((i) => i.id === 'toggleTheme')?.accelerator).not.toBe('CmdOrCtrl+Shift+L'); // Auto-layout's
  });

  it('keeps clipboard items native and leaves Delete to the page', () => {
    const { items } = setup();
    expect(items.filter((i) => ['cut', 'copy', 'paste', 'selectAll'].includes(String(i.role)))).toHaveLength(4);
    expect(items.find((i) => i.label === 'Delete')?.accelerator).toBeUndefined();
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(setup({ dev: true }).items.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('lists recent files and opens them through main', () => {
    const { deps, items } = setup({ recent: [{ path: '/d/shop.suptree', name: 'shop.suptree', openedAt: 1 }] });
    click(items.find((i) => i.label === 'shop.suptree')!);
    expect(deps.openRecent).toHaveBeenCalledWith('/d/shop.suptree');
    click(items.find((i) => i.label === 'Clear Recent')!);
    expect(deps.clearRecent).toHaveBeenCalledOnce();
    expect(setup().items.find((i) => i.label === 'No Recent Files')?.enabled).toBe(false);
  });
});
