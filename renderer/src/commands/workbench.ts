// The workbench's commands (File, Edit, Insert, View, Run, Help) as one list, built from what the shell provides.
// App.tsx registers it once; toolbar buttons, keyboard shortcuts, the desktop menu (`menu:command`) and the
// shortcuts overlay all reach a command by its id. The keys of the commands the desktop menu sends come from
// electron/contract.ts MENU_KEYS (so the menu's accelerators and the page's shortcuts cannot disagree).
import { keysOf } from '../../../electron/menu-keys';
import { isProcessNode } from '../../../runtime/design/document';
import type { Editor } from '../../editor/editor';
import type { PaletteItem } from '../../panels/palette-items';
import { PALETTE_ITEMS } from '../../panels/palette-items';
import type { Command } from './registry';

/** What the commands act on. Read through a getter at run time, so the list is registered once. */
export interface WorkbenchDeps {
  editor: Editor;
  session: {
    newDocument(): unknown;
    open(): Promise<boolean>;
    save(): Promise<unknown>;
    saveAs(): Promise<unknown>;
  };
  /** Host services: recent files; `kind` for About. */
  recent(): Promise<void>;
  hostKind: 'electron' | 'browser' | string;
  view: { fitView(): void; zoomIn(): void; zoomOut(): void; autoLayout(): Promise<void>; fitSoon(): void; resetView(): void };
  overlay(which: 'templates' | 'export' | 'shortcuts' | 'attach'): void;
  find(): void;
  whatIf(nodeId: string | null): void;
  addItem(item: PaletteItem): void;
  copy(): Promise<void>;
  paste(): Promise<void>;
  layout: { leftOpen: boolean; rightOpen: boolean; bottomOpen: boolean };
  setLayout(patch: Partial<{ leftOpen: boolean; rightOpen: boolean; bottomOpen: boolean }>): void;
  showProblems(): void;
  theme: { toggle(): void; followSystem(): void };
  problems: { errors: number; warnings: number };
  show(kind: 'info' | 'error', text: string): void;
  fail(what: string): (e: unknown) => void;
  pingKernel(): Promise<string>;
  runtimeVersion(): string;
  /** Start the first-run tour again (renderer/tour). */
  tour?(): void;
  /** Open the bottom panel's Lesson tab (renderer/lessons/LessonPanel.tsx). */
  showLesson?(): void;
}

export function workbenchCommands(deps: () => WorkbenchDeps): Command[] {
  const d = deps;
  const live = () => d().editor.getSnapshot();
  const hasSelection = () => live().selection.nodes.size + live().selection.edges.size > 0;
  const withCatch = (what: string, f: () => Promise<unknown>) => () => f().then(() => undefined, d().fail(what));
  return [
    // File
    { id: 'new', label: 'New design', ...keysOf('new'), group: 'File', run: withCatch('New', async () => { if (await d().session.newDocument()) d().view.resetView(); }) },
    { id: 'open', label: 'Open…', ...keysOf('open'), group: 'File', run: withCatch('Open', async () => { if (await d().session.open()) d().view.fitSoon(); }) },
    { id: 'openRecent', label: 'Open recent…', shortcut: 'Mod+Shift+O', group: 'File', run: withCatch('Recent files', () => d().recent()) },
    { id: 'save', label: 'Save', ...keysOf('save'), group: 'File', run: withCatch('Save', () => d().session.save()) },
    { id: 'saveAs', label: 'Save as…', ...keysOf('saveAs'), group: 'File', run: withCatch('Save as', () => d().session.saveAs()) },
    { id: 'templates', label: 'Templates…', group: 'File', run: () => d().overlay('templates') },
    { id: 'export', label: 'Export…', ...keysOf('export'), group: 'File', run: () => d().overlay('export') },
    // Edit
    { id: 'undo', label: 'Undo', ...keysOf('undo'), allowInText: false, group: 'Edit', enabled: () => live().canUndo, run: () => { d().editor.undo(); } },
    { id: 'redo', label: 'Redo', ...keysOf('redo'), allowInText: false, group: 'Edit', enabled: () => live().canRedo, run: () => { d().editor.redo(); } },
    { id: 'delete', label: 'Delete selection', ...keysOf('delete'), group: 'Edit', enabled: hasSelection, run: () => { d().editor.deleteSelection(); } },
    { id: 'duplicate', label: 'Duplicate', ...keysOf('duplicate'), group: 'Edit', enabled: () => live().selection.nodes.size > 0, run: () => { d().editor.duplicateSelection(); } },
    { id: 'selectAll', label: 'Select all', shortcut: 'Mod+A', allowInText: false, group: 'Edit', run: () => d().editor.selectAll() },
    { id: 'copy', label: 'Copy subtree', shortcut: 'Mod+C', nativeShortcut: true, group: 'Edit', run: () => d().copy() },
    { id: 'paste', label: 'Paste', shortcut: 'Mod+V', nativeShortcut: true, group: 'Edit', run: () => d().paste() },
    {
      id: 'whatIf', label: 'What if this crashes?', shortcut: 'K', group: 'Edit',
      enabled: () => live().selection.nodes.size === 1 && live().doc.nodes.some((n) => live().selection.nodes.has(n.id) && isProcessNode(n)),
      run: () => d().whatIf([...d().editor.getSelection().nodes][0] ?? null),
    },
    { id: 'find', label: 'Find by name', shortcut: 'Mod+F', group: 'Edit', run: () => d().find() },
    {
      id: 'toggleCollapse', label: 'Collapse / expand subtree', shortcut: 'Mod+.', group: 'Edit', enabled: () => live().selection.nodes.size > 0,
      run: () => { for (const id of d().editor.getSelection().nodes) d().editor.toggleCollapsed(id); },
    },
    // Insert
    ...PALETTE_ITEMS.filter((i) => i.key1).map((i): Command => ({ id: `add:${i.key}`, label: `Add ${i.label.toLowerCase()}`, shortcut: i.key1, group: 'Insert', run: () => d().addItem(i) })),
    { id: 'relation:link', label: 'Draw links', shortcut: 'Alt+1', group: 'Insert', run: () => d().editor.setRelationKind('link') },
    { id: 'relation:monitor', label: 'Draw monitors', shortcut: 'Alt+2', group: 'Insert', run: () => d().editor.setRelationKind('monitor') },
    { id: 'relation:calls', label: 'Draw calls', shortcut: 'Alt+3', group: 'Insert', run: () => d().editor.setRelationKind('calls') },
    // View
    { id: 'fitView', label: 'Zoom to fit', ...keysOf('fitView'), group: 'View', run: () => d().view.fitView() },
    { id: 'zoomIn', label: 'Zoom in', ...keysOf('zoomIn'), group: 'View', run: () => d().view.zoomIn() },
    { id: 'zoomOut', label: 'Zoom out', ...keysOf('zoomOut'), group: 'View', run: () => d().view.zoomOut() },
    { id: 'autoLayout', label: 'Auto-layout', shortcut: 'Mod+Shift+L', group: 'View', enabled: () => live().doc.nodes.length > 0 && live().readOnly === null, run: () => d().view.autoLayout() },
    { id: 'showProblems', label: 'Show problems', shortcut: 'Mod+Shift+M', group: 'View', run: () => d().showProblems() },
    { id: 'toggleTheme', label: 'Toggle light/dark theme', ...keysOf('toggleTheme'), group: 'View', run: () => d().theme.toggle() },
    { id: 'followSystemTheme', label: 'Follow system theme', group: 'View', run: () => d().theme.followSystem() },
    { id: 'togglePalette', label: 'Toggle palette', ...keysOf('togglePalette'), group: 'View', run: () => d().setLayout({ leftOpen: !d().layout.leftOpen }) },
    { id: 'toggleInspector', label: 'Toggle inspector', ...keysOf('toggleInspector'), group: 'View', run: () => d().setLayout({ rightOpen: !d().layout.rightOpen }) },
    { id: 'toggleBottomPanel', label: 'Toggle bottom panel', ...keysOf('toggleBottomPanel'), group: 'View', run: () => d().setLayout({ bottomOpen: !d().layout.bottomOpen }) },
    // Run (run, play/pause, step, stop and the faults: renderer/run/run-commands.ts)
    {
      id: 'validate', label: 'Check the design', ...keysOf('validate'), group: 'Run',
      run: () => {
        const { errors, warnings } = d().problems;
        d().showProblems();
        d().show('info', errors ? `${errors} error(s), ${warnings} warning(s).` : `No errors${warnings ? `, ${warnings} warning(s)` : ''}.`);
      },
    },
    { id: 'attachLive', label: 'Attach to a BEAM node…', group: 'Run', run: () => d().overlay('attach') },
    { id: 'pingKernel', label: 'Ping the kernel worker', group: 'Run', run: async () => d().show('info', await d().pingKernel()) },
    // Help
    { id: 'showShortcuts', label: 'Keyboard shortcuts', ...keysOf('showShortcuts'), group: 'Help', run: () => d().overlay('shortcuts') },
    { id: 'showLesson', label: 'Show the lesson’s tasks and questions', group: 'Help', run: () => d().showLesson?.() },
    { id: 'startTour', label: 'Take the tour', ...keysOf('startTour'), group: 'Help', run: () => d().tour?.() },
    { id: 'about', label: 'About Supervisor Studio', group: 'Help', run: () => d().show('info', `Supervisor Studio — ${d().hostKind === 'electron' ? 'desktop' : 'browser'} build. Runtime ${d().runtimeVersion()}.`) },
  ];
}
