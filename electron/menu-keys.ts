// The commands the desktop menu sends and their keys: plain data shared by the Electron main process (menu
// accelerators) and the renderer (its command registry), with no dependencies, so the renderer can import it
// without pulling in the IPC schemas.

/** Commands the application menu (and its accelerators) sends to the renderer. */
export const MENU_COMMAND_IDS = [
  // File
  'new', 'open', 'save', 'saveAs', 'export',
  // Edit (cut/copy/paste/selectAll are native roles: the page receives ordinary clipboard events)
  'undo', 'redo', 'delete', 'duplicate',
  // View
  'zoomIn', 'zoomOut', 'fitView', 'toggleTheme', 'togglePalette', 'toggleInspector', 'toggleBottomPanel',
  // Run (the renderer's run commands: renderer/run/run-commands.ts)
  'validate', 'run:run', 'run:playPause', 'run:step', 'run:stop',
  // Help
  'showShortcuts', 'startTour', 'about',
] as const;
export type MenuCommand = (typeof MENU_COMMAND_IDS)[number];

/**
 * The keys of every menu command, in the command registry's notation (`Mod` = Ctrl, ⌘ on macOS; see
 * renderer/src/commands/registry.ts): the one table both the renderer's command registry (the first key is the
 * command's shortcut, the rest also work) and the desktop menu's accelerators (`menu`: which of the keys the menu
 * shows, per platform; null: none, the page handles the key) derive from. So a key means one thing everywhere.
 */
export const MENU_KEYS: Record<MenuCommand, { keys: readonly string[]; menu?: string | { mac: string; other: string } | null }> = {
  // Ctrl+N opens a browser window in the browser build, so the page's own key is Ctrl+Alt+N; the menu shows Ctrl+N
  new: { keys: ['Mod+Alt+N', 'Mod+N'], menu: 'Mod+N' },
  open: { keys: ['Mod+O'] },
  save: { keys: ['Mod+S'] },
  saveAs: { keys: ['Mod+Shift+S'] },
  export: { keys: ['Mod+E'] },
  undo: { keys: ['Mod+Z'] },
  redo: { keys: ['Mod+Shift+Z', 'Mod+Y'], menu: { mac: 'Mod+Shift+Z', other: 'Mod+Y' } },
  // a Delete accelerator would take the key away from text fields
  delete: { keys: ['Delete', 'Backspace'], menu: null },
  duplicate: { keys: ['Mod+D'] },
  zoomIn: { keys: ['Mod+=', '+'] },
  zoomOut: { keys: ['Mod+-', '-'] },
  fitView: { keys: ['Mod+0', 'F'] },
  toggleTheme: { keys: ['Mod+Alt+T'] },
  togglePalette: { keys: ['Mod+B'] },
  toggleInspector: { keys: ['Mod+Alt+B'] },
  toggleBottomPanel: { keys: ['Mod+J'] },
  validate: { keys: ['F7'] },
  'run:run': { keys: ['F5'] },
  'run:playPause': { keys: ['Mod+Enter'] },
  'run:step': { keys: ['Alt+.'] },
  'run:stop': { keys: ['Shift+F5'] },
  showShortcuts: { keys: ['?', 'F1'], menu: 'F1' },
  startTour: { keys: [] },
  about: { keys: [] },
};

/** A command's shortcut and other keys for the command registry (from MENU_KEYS). */
export function keysOf(id: MenuCommand): { shortcut?: string; altShortcuts?: string[] } {
  const [shortcut, ...alt] = MENU_KEYS[id].keys;
  return { ...(shortcut ? { shortcut } : {}), ...(alt.length ? { altShortcuts: alt } : {}) };
}

/** The key the menu shows for a command on a platform, in registry notation (undefined: none). */
export function menuKeyOf(id: MenuCommand, mac: boolean): string | undefined {
  const k = MENU_KEYS[id];
  if (k.menu === null) return undefined;
  if (k.menu === undefined) return k.keys[0];
  return typeof k.menu === 'string' ? k.menu : mac ? k.menu.mac : k.menu.other;
}

/** Registry notation → Electron accelerator (`Mod+Shift+S` → `CmdOrCtrl+Shift+S`). */
export function toAccelerator(key: string): string {
  return key.replace(/^Mod\+/, 'CmdOrCtrl+');
}
