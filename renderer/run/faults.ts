// The run-mode fault menu, derived from the run-command catalog (runtime/sim/commands.ts): which entries a node of
// a kind gets, what each asks for, and the command it makes. The menu component (mount.tsx) only renders these.
import type { RuntimeSpec } from '../../runtime/design/spec';
import { commandFields, faultMenu, menuCommand, menuEntries, type CommandInput, type TargetKind } from '../../runtime/sim/commands';

export interface FaultItem {
  /** `fault-<key>` is the menu item's test id. */
  key: string;
  label: string;
  /** Fields to ask for (in order): the question and the default answer (as JSON text). */
  ask: { field: string; question: string; initial: string; kind: string }[];
  /** The command, given the answers (parsed values by field). */
  make(answers: Record<string, unknown>): CommandInput;
}

/** The kind of a run target: a design node's kind, or `dynamic_child` for a process started at run time (`#pid`). */
export function targetKind(spec: RuntimeSpec | null, nodeId: string, target: string): TargetKind | undefined {
  if (target.startsWith('#')) return 'dynamic_child';
  const walk = (cs: RuntimeSpec['roots']): TargetKind | undefined => {
    for (const c of cs) {
      if (c.nodeId === nodeId) return c.kind;
      const k = 'children' in c ? walk(c.children) : undefined;
      if (k) return k;
    }
    return undefined;
  };
  return spec ? walk(spec.roots) : undefined;
}

/** The behaviour a design node runs (a worker's), if any: some menu entries are that behaviour's requests. */
export function targetBehaviour(spec: RuntimeSpec | null, nodeId: string): string | undefined {
  const walk = (cs: RuntimeSpec['roots']): string | undefined => {
    for (const c of cs) {
      if (c.nodeId === nodeId) return c.kind === 'worker' ? c.behaviour : undefined;
      const b = 'children' in c ? walk(c.children) : undefined;
      if (b) return b;
    }
    return undefined;
  };
  return spec ? walk(spec.roots) : undefined;
}

/** The fault menu for `target` (a path or `#pid`) of `kind`, running `behaviour`. */
export function faultItems(kind: TargetKind, target: string, behaviour?: string): FaultItem[] {
  return faultMenu(kind, behaviour).map(({ type, entry }) => {
    const fields = commandFields(type);
    return {
      key: entry.key,
      label: entry.label,
      ask: (entry.ask ?? []).map((field) => ({
        field,
        question: fields[field].label,
        initial: fields[field].kind === 'text' || fields[field].kind === 'process' ? String(fields[field].default ?? '') : JSON.stringify(fields[field].default ?? null),
        kind: fields[field].kind,
      })),
      make: (answers) => menuCommand(type, target, entry, answers),
    };
  });
}

/** An answer typed into a prompt: JSON when it parses ("atom", ["tuple", 1], 12), else plain text (an atom). */
export function parseAnswer(text: string, kind: string): unknown {
  if (kind === 'text' || kind === 'process') return text.trim();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The command of the menu entry `key` for `target`, with its presets and defaults (keyboard shortcuts use it). */
export function faultCommand(key: string, target: string): CommandInput {
  const m = menuEntries().find((x) => x.entry.key === key);
  if (!m) throw new Error(`No fault "${key}" in the run-command catalog.`);
  return menuCommand(m.type, target, m.entry);
}
