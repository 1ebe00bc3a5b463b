// The application menu as plain data: File, Edit, View, Run, Help (plus the app menu on macOS). Every item that
// belongs to the renderer sends a named command (contract `menu:command`); clipboard items use Electron roles so
// text fields keep their native behaviour and the page sees ordinary copy/paste events.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand, RecentFile } from '../contract';

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
  const cmd = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    id: command, label, click: () => deps.send(command), ...(accelerator ? { accelerator } : {}),
  });
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
        cmd('New', 'new', 'CmdOrCtrl+N'),
        cmd('Open…', 'open', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: recentItems },
        sep,
        cmd('Save', 'save', 'CmdOrCtrl+S'),
        cmd('Save As…', 'saveAs', 'CmdOrCtrl+Shift+S'),
        cmd('Export…', 'export', 'CmdOrCtrl+E'),
        sep,
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        cmd('Undo', 'undo', 'CmdOrCtrl+Z'),
        cmd('Redo', 'redo', mac ? 'Cmd+Shift+Z' : 'Ctrl+Y'),
        sep,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        cmd('Duplicate', 'duplicate', 'CmdOrCtrl+D'),
        // No accelerator: a menu accelerator would take Delete away from text fields; the page handles the key.
        cmd('Delete', 'delete'),
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        cmd('Zoom In', 'zoomIn', 'CmdOrCtrl+='),
        cmd('Zoom Out', 'zoomOut', 'CmdOrCtrl+-'),
        cmd('Fit View', 'fitView', 'CmdOrCtrl+0'),
        sep,
        cmd('Toggle Palette', 'togglePalette', 'CmdOrCtrl+1'),
        cmd('Toggle Inspector', 'toggleInspector', 'CmdOrCtrl+2'),
        cmd('Toggle Bottom Panel', 'toggleBottomPanel', 'CmdOrCtrl+3'),
        cmd('Toggle Dark Theme', 'toggleTheme', 'CmdOrCtrl+Shift+L'),
        sep,
        { role: 'togglefullscreen' },
        ...(deps.dev ? [sep, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
      ],
    },
    {
      label: '&Run',
      submenu: [
        cmd('Validate', 'validate', 'F7'),
        cmd('Run', 'run', 'F5'),
        cmd('Pause', 'pause', 'F6'),
        cmd('Step', 'step', 'F10'),
        cmd('Stop', 'stop', 'Shift+F5'),
      ],
    },
    {
      label: '&Help',
      role: 'help',
      submenu: [cmd('Keyboard Shortcuts', 'showShortcuts', 'F1'), cmd('About Supervisor Studio', 'about')],
    },
  );
  return template;
}
