// The application menu as plain data: File, Edit, View, Run, Help (plus the app menu on macOS). Every item that
// belongs to the renderer sends a named command (contract `menu:command`); clipboard items use Electron roles so
// text fields keep their native behaviour and the page sees ordinary copy/paste events.
import type { MenuItemConstructorOptions } from 'electron';
import { menuKeyOf, toAccelerator, type MenuCommand, type RecentFile } from '../contract';

export interface MenuDeps {
  platform: NodeJS.Platform;
  recent: readonly RecentFile[];
  send: (command: MenuCommand) => void;
  openRecent: (path: string) => void;
  clearRecent: () => void;
  /** Adds Reload and Developer Tools (development builds only). */
  dev: boolean;
}

export function buildMenuTemplate(deps: MenuDeps): MenuItemConstructorOptions[] {
  const mac = deps.platform === 'darwin';
  // The item id is the command id, so tests (and the Electron e2e) can find and click an item.
  // Accelerators come from the one key table (contract.ts MENU_KEYS) the renderer's command registry also uses.
  const cmd = (label: string, command: MenuCommand): MenuItemConstructorOptions => {
    const key = menuKeyOf(command, mac);
    return { id: command, label, click: () => deps.send(command), ...(key ? { accelerator: toAccelerator(key) } : {}) };
  };
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const recentItems: MenuItemConstructorOptions[] = deps.recent.length
    ? [
        ...deps.recent.map((r) => ({ label: r.name, sublabel: r.path, click: () => deps.openRecent(r.path) })),
        sep,
        { label: 'Clear Recent', click: deps.clearRecent },
      ]
    : [{ label: 'No Recent Files', enabled: false }];

  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: '&File',
      submenu: [
        cmd('New', 'new'),
        cmd('Open…', 'open'),
        { label: 'Open Recent', submenu: recentItems },
        sep,
        cmd('Save', 'save'),
        cmd('Save As…', 'saveAs'),
        cmd('Export…', 'export'),
        sep,
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        cmd('Undo', 'undo'),
        cmd('Redo', 'redo'),
        sep,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        cmd('Duplicate', 'duplicate'),
        cmd('Delete', 'delete'),
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        cmd('Zoom In', 'zoomIn'),
        cmd('Zoom Out', 'zoomOut'),
        cmd('Fit View', 'fitView'),
        sep,
        cmd('Toggle Palette', 'togglePalette'),
        cmd('Toggle Inspector', 'toggleInspector'),
        cmd('Toggle Bottom Panel', 'toggleBottomPanel'),
        cmd('Toggle Light/Dark Theme', 'toggleTheme'),
        sep,
        { role: 'togglefullscreen' },
        ...(deps.dev ? [sep, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
      ],
    },
    {
      label: '&Run',
      submenu: [
        cmd('Validate', 'validate'),
        cmd('Run', 'run:run'),
        cmd('Play / Pause', 'run:playPause'),
        cmd('Step', 'run:step'),
        cmd('Stop', 'run:stop'),
      ],
    },
    {
      label: '&Help',
      role: 'help',
      submenu: [cmd('Keyboard Shortcuts', 'showShortcuts'), cmd('Take the Tour', 'startTour'), cmd('About Supervisor Studio', 'about')],
    },
  );
  return template;
}
