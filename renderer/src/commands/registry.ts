// One command registry: id → handler, label, shortcut. The toolbar, keyboard shortcuts, the Electron menu
// (`menu:command` events through the host) and the shortcuts overlay all read from it.

export interface Command {
  id: string;
  label: string;
  /** e.g. `Mod+S`, `Mod+Shift+Z`, `Delete`, `?` — `Mod` is Ctrl, or ⌘ on macOS. */
  shortcut?: string;
  /** More shortcuts bound to the same command (not shown in menus). */
  altShortcuts?: string[];
  group?: string;
  /** Chorded shortcuts also fire inside text fields unless this is false (undo, select all: the field's own). */
  allowInText?: boolean;
  /** The platform handles the keys (copy/cut/paste events); the shortcut is only listed. */
  nativeShortcut?: boolean;
  run: () => void | Promise<void>;
  enabled?: () => boolean;
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface Chord {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

const SHIFTED_PRINTABLE = /^[^a-z0-9]$/i; // `?`, `+`, `{`… already imply Shift on most layouts

export function parseShortcut(s: string): Chord {
  const parts = s.split('+');
  // `Mod++` ends with an empty part for the `+` key
  const key = s === '+' || s.endsWith('++') ? '+' : (parts.pop() ?? '');
  const mods = new Set(parts.filter(Boolean).map((p) => p.toLowerCase()));
  for (const m of mods) {
    if (!['mod', 'shift', 'alt'].includes(m)) throw new Error(`Unknown modifier "${m}" in shortcut "${s}"`);
  }
  if (!key) throw new Error(`Shortcut "${s}" has no key`);
  return { mod: mods.has('mod'), shift: mods.has('shift'), alt: mods.has('alt'), key: key.toLowerCase() };
}

export function matches(shortcut: string, e: KeyLike, isMac: boolean): boolean {
  const c = parseShortcut(shortcut);
  const mod = isMac ? e.metaKey : e.ctrlKey;
  const key = e.key.toLowerCase();
  if (c.mod !== mod || c.alt !== e.altKey) return false;
  if (!isMac && e.metaKey) return false;
  if (key !== c.key) return false;
  // a shifted printable character like `?` carries Shift by itself
  if (SHIFTED_PRINTABLE.test(c.key) && !c.shift) return true;
  return c.shift === e.shiftKey;
}

/** Human text for a shortcut, e.g. `Ctrl+Shift+Z` or `⌘⇧Z`. */
export function formatShortcut(s: string, isMac: boolean): string {
  const c = parseShortcut(s);
  const key = c.key.length === 1 ? c.key.toUpperCase() : c.key[0].toUpperCase() + c.key.slice(1);
  if (isMac) return `${c.mod ? '⌘' : ''}${c.alt ? '⌥' : ''}${c.shift ? '⇧' : ''}${key}`;
  return [c.mod && 'Ctrl', c.alt && 'Alt', c.shift && 'Shift', key].filter(Boolean).join('+');
}

export class CommandRegistry {
  private commands = new Map<string, Command>();
  private listeners = new Set<() => void>();
  private version = 0;

  constructor(readonly isMac = false) {}

  register(cmds: Command | Command[]): () => void {
    const list = Array.isArray(cmds) ? cmds : [cmds];
    for (const c of list) {
      for (const s of [c.shortcut, ...(c.altShortcuts ?? [])]) if (s) parseShortcut(s); // fail early on typos
      this.commands.set(c.id, c);
    }
    this.changed();
    return () => {
      for (const c of list) if (this.commands.get(c.id) === c) this.commands.delete(c.id);
      this.changed();
    };
  }

  get(id: string): Command | undefined {
    return this.commands.get(id);
  }

  list(): Command[] {
    return [...this.commands.values()];
  }

  isEnabled(id: string): boolean {
    const c = this.commands.get(id);
    return !!c && (c.enabled?.() ?? true);
  }

  /** Runs a command; unknown or disabled commands return false. Errors are reported, never thrown at the caller. */
  execute(id: string): boolean {
    const c = this.commands.get(id);
    if (!c || !(c.enabled?.() ?? true)) return false;
    try {
      const r = c.run();
      if (r && typeof (r as Promise<void>).catch === 'function') {
        (r as Promise<void>).catch((err) => this.onError(id, err));
      }
    } catch (err) {
      this.onError(id, err);
    }
    return true;
  }

  onError: (id: string, err: unknown) => void = (id, err) => console.error(`command ${id} failed`, err);

  /** The command whose shortcut matches this key event, if any. */
  find(e: KeyLike, inTextField: boolean): Command | undefined {
    for (const c of this.commands.values()) {
      if (c.nativeShortcut) continue;
      for (const s of [c.shortcut, ...(c.altShortcuts ?? [])]) {
        if (!s || !matches(s, e, this.isMac)) continue;
        // in a text field only chorded shortcuts (Mod+…) apply; plain keys belong to the field
        if (inTextField && (!parseShortcut(s).mod || c.allowInText === false)) continue;
        return c;
      }
    }
    return undefined;
  }

  /** Keyboard entry point: runs the matching command and tells the caller whether to preventDefault. */
  handleKey(e: KeyLike, inTextField: boolean): boolean {
    const c = this.find(e, inTextField);
    return c ? this.execute(c.id) : false;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  getVersion(): number {
    return this.version;
  }

  private changed() {
    this.version++;
    for (const l of this.listeners) l();
  }
}
