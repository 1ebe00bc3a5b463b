// React access to the command registry: run a command, read its label/shortcut, re-render when the list changes.
import { createContext, useContext, useSyncExternalStore } from 'react';
import { formatShortcut, type CommandRegistry } from './registry';

export const CommandsContext = createContext<CommandRegistry | null>(null);

export function useCommands(): CommandRegistry {
  const r = useContext(CommandsContext);
  if (!r) throw new Error('useCommands outside CommandsContext');
  useSyncExternalStore((cb) => r.subscribe(cb), () => r.getVersion());
  return r;
}

/** "Label (Ctrl+S)" for a command's tooltip. */
export function useCommandTitle(id: string): string {
  const r = useCommands();
  const c = r.get(id);
  if (!c) return id;
  return c.shortcut ? `${c.label} (${formatShortcut(c.shortcut, r.isMac)})` : c.label;
}

/** True when a key event's target is a place where typing goes (inputs, editors), not a command. */
export function isTextTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  if (t instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'range', 'color'].includes(t.type);
  return !!t.closest('.cm-editor');
}
