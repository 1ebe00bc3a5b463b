// The app frame: toolbar, palette | canvas + bottom panel | inspector, status bar. Panels resize and collapse.
// Owns the editor and the document session; every action is a command in the registry (toolbar, keys, menu, `?`).
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ReactFlowProvider, useReactFlow, useStore, useStoreApi } from '@xyflow/react';
import type { Host, RecoveryEntry, RecentEntry } from '../host/types';
import { createEmptyDocument, isProcessNode } from '../../runtime/design/document';
import { validate } from '../../runtime/design/validate';
import { useBlastRadius } from './blast-client';
import { BlastCard } from '../canvas/BlastCard';
import { Editor } from '../editor/editor';
import { autoLayout } from '../editor/layout';
import { Canvas } from '../canvas/Canvas';
import { BIG_DESIGN, fittedViewport } from '../canvas/overview';
import { SearchBox } from '../canvas/SearchBox';
import { Palette } from '../panels/Palette';
import { Inspector } from '../panels/Inspector';
import { Problems } from '../panels/Problems';
import { TestPanel } from '../lessons/TestPanel';
import { LessonPanel, LessonTracker, useTaskProgress } from '../lessons/LessonPanel';
import { TemplatesDialog } from '../panels/TemplatesDialog';
import { ExportDialog } from '../panels/ExportDialog';
import { Modal } from '../panels/Modal';
import type { Diagnostic } from '../panels/problems-model';
import type { PaletteItem } from '../panels/palette-items';
import { PALETTE_ITEMS } from '../panels/palette-items';
import { CommandRegistry } from './commands/registry';
import { workbenchCommands, type WorkbenchDeps } from './commands/workbench';
import { CommandsContext, isTextTarget } from './commands/context';
import { DocumentSession } from './documents';
import { useLayout, LIMITS } from './layout';
import { useTheme } from './theme';
import { Splitter } from './components/Splitter';
import { Icon } from './components/Icons';
import { overlayPadding } from './fit-padding';
import { MoreMenu } from './components/MoreMenu';
import { ToolButton } from './components/ToolButton';

/** The header buttons that move into "More ▾" on windows narrower than 1280 px (`.tb-opt` in app.css). */
const MORE_COMMANDS = ['attachLive', 'undo', 'redo', 'autoLayout', 'fitView', 'find', 'togglePalette', 'toggleBottomPanel', 'toggleInspector', 'toggleTheme'] as const;
import { BottomPanel, type BottomTab } from './components/BottomPanel';
import { ShortcutsOverlay } from './components/ShortcutsOverlay';
import { ToastStack, useToasts } from './components/Toasts';
import { EventLogPanel, RunEdgeHeat, RunToolbar, TimelinePanel } from '../run/mount';
import { RunBanners } from '../run/components/RunBanners';
import { RunInspectorSlot } from '../run/components/ProcessPanel';
import { startKernelWorker, type KernelClient } from '../run/kernel-client';
import { pastePoint } from '../canvas/paste-point';
import { useSaveChangesPrompt } from '../panels/SaveChangesDialog';
import { Tour } from '../tour/Tour';
import { tourSeen } from '../tour/storage';
import { AttachDialog, CompareDialog, LiveBar, LiveEventLog, LiveFaultMenu, LiveInspector, LiveTimeline, liveEditor, useLiveCanvas } from '../live/mount';
import { serialize } from '../../runtime/design/parse';
import { getLiveController } from '../live/hooks';
import type { DesktopBridge } from '../live/controller';

const NO_DIAGNOSTICS: Diagnostic[] = [];
/** The desktop app's bridge (its main process runs it); undefined in the browser build, which uses a WebSocket. */
const desktopBridge = () => (window as unknown as { studioDesktop?: DesktopBridge }).studioDesktop;
type KernelStatus = { state: 'starting' } | { state: 'ready'; runtime: string } | { state: 'failed'; error: string };
type Overlay = 'shortcuts' | 'templates' | 'export' | 'recent' | 'attach' | null;

/** `value` once it has stayed the same for `ms` (at once when `ms` is 0). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (ms === 0) return;
    const t = setTimeout(() => setSettled(() => value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return ms === 0 ? value : settled;
}

export function App({ host }: { host: Host }) {
  return (
    <ReactFlowProvider>
      <Workbench host={host} />
    </ReactFlowProvider>
  );
}

/** A lesson task's Markdown as plain text for a toast. */
const plainText = (md: string) => md.replace(/\*\*|`/g, '');
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function Workbench({ host }: { host: Host }) {
  const registry = useMemo(() => new CommandRegistry(host.isMac), [host]);
  const editor = useMemo(() => new Editor(createEmptyDocument()), []);
  const [askDiscard, saveChangesDialog] = useSaveChangesPrompt();
  const session = useMemo(() => new DocumentSession(host, editor, askDiscard), [host, editor, askDiscard]);
  const snap = useSyncExternalStore(editor.subscribe, editor.getSnapshot);
  const file = useSyncExternalStore(session.subscribe, session.getState);
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  const [layout, setLayout] = useLayout();
  const theme = useTheme();
  const { toasts, show, dismiss } = useToasts();
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [searching, setSearching] = useState(false);
  const [highlight, setHighlight] = useState<Set<string> | undefined>();
  const [bottomTab, setBottomTab] = useState('problems');
  const [kernel, setKernel] = useState<KernelClient | null>(null);
  const [kernelStatus, setKernelStatus] = useState<KernelStatus>({ state: 'starting' });
  const [recovered, setRecovered] = useState<RecoveryEntry[]>([]);
  const [recent, setRecent] = useState<RecentEntry[]>([]);
  const [clipboardFallback, setClipboardFallback] = useState<string | null>(null);
  const [blastNode, setBlastNode] = useState<string | null>(null);
  const [blastReason, setBlastReason] = useState('kill');
  // the first-run tour: on the first launch, until it is skipped or finished; Help (?) ▸ Take the tour reopens it
  const [touring, setTouring] = useState(() => !tourSeen());
  // Live BEAM (renderer/live): while attached, the canvas can show the node's live tree instead of the design
  const liveShown = useLiveCanvas();
  const [comparing, setComparing] = useState(false);
  const designText = useCallback(() => serialize(editor.doc), [editor]);
  const liveStructure = liveShown ? getLiveController().design?.structure : undefined;

  const deferredDoc = useDeferredValue(snap.doc);
  // A big design is checked once it settles (no edit for 250 ms), not on every step of a drag: validate takes
  // about 100 ms per 1,000 processes here, which would make every pointer move of a drag a long task.
  const checkedDoc = useSettled(deferredDoc, deferredDoc.nodes.length > BIG_DESIGN ? 250 : 0);
  const diagnostics = useMemo<Diagnostic[]>(() => validate(checkedDoc), [checkedDoc]);
  // computed in a worker: 26 ms to over a second on a 1,000-process design (renderer/src/blast-client.ts)
  const blast = useBlastRadius(deferredDoc, blastNode, blastReason);
  const blastMap = useMemo(() => {
    if (!blast || 'error' in blast) return undefined;
    const m = new Map<string, string>(Object.entries(blast.outcome));
    m.set(blast.nodeId, 'crashes');
    return m;
  }, [blast]);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;

  const fail = useCallback((what: string) => (e: unknown) => show('error', `${what}: ${errorText(e)}`), [show]);

  useEffect(() => {
    registry.onError = (id, err) => show('error', `${registry.get(id)?.label ?? id} failed: ${errorText(err)}`);
  }, [registry, show]);
  useEffect(() => {
    editor.onRefusedReadOnly = (reason) => show('info', reason);
    session.onCautions = (name, cautions) => show('error', `${name}: ${cautions.join(' ')}`);
  }, [editor, session, show]);

  // ---------------------------------------------------------------- startup: host launch state, autosave, kernel
  useEffect(() => {
    let alive = true;
    host.start().then((launch) => {
      if (!alive) return;
      setRecovered(launch.recovered);
      const first = launch.opens.find((o) => o.ok);
      for (const o of launch.opens) if (!o.ok) show('error', `${o.name} could not be opened: ${o.error}`);
      if (first?.ok) {
        try {
          session.loadText(first.doc);
        } catch (e) {
          fail('Open')(e);
        }
      }
    }, fail('Starting'));
    const stopAutosave = session.startAutosave();
    const offOpen = host.onOpenFile((o) => {
      if (!o.ok) return show('error', `${o.name} could not be opened: ${o.error}`);
      try {
        session.loadText(o.doc);
        // a big design is fitted at once, before it is first rendered (so it is first drawn fitted, as the
        // overview): an animated fit mounts and measures nodes at every intermediate zoom
        const big = editor.doc.nodes.length > BIG_DESIGN;
        const { width, height } = flowStore.getState();
        const vp = big ? fittedViewport(editor.doc.nodes, width, height) : undefined;
        if (vp) void flow.setViewport(vp);
        requestAnimationFrame(() => flow.fitView({ padding: overlayPadding(0.2), duration: big ? 0 : 200, includeHiddenNodes: big }));
      } catch (e) {
        fail('Open')(e);
      }
    });
    return () => {
      alive = false;
      stopAutosave();
      offOpen();
    };
  }, [host, session, show, fail, flow, flowStore, editor]);

  useEffect(() => {
    const k = startKernelWorker();
    setKernel(k);
    k.request('version', undefined, { timeoutMs: 10_000 }).then(
      (v) => setKernelStatus({ state: 'ready', runtime: v.runtime }),
      (e: Error) => setKernelStatus({ state: 'failed', error: e.message }),
    );
    return () => k.terminate();
  }, []);

  // ---------------------------------------------------------------- canvas helpers
  const fitSoon = useCallback(() => requestAnimationFrame(() => requestAnimationFrame(() => flow.fitView({ padding: overlayPadding(0.2), maxZoom: 1.2, duration: 250, includeHiddenNodes: editor.doc.nodes.length > BIG_DESIGN }))), [flow, editor]);

  const addItem = useCallback((item: PaletteItem, at?: { x: number; y: number }) => {
    let pos = at;
    if (!pos) {
      // keyboard add: the centre of the view, moved right until it does not cover another node
      const el = document.querySelector('.canvas-area')?.getBoundingClientRect();
      const c = el ? flow.screenToFlowPosition({ x: el.left + el.width / 2, y: el.top + el.height / 2 }) : { x: 0, y: 0 };
      const taken = (x: number, y: number) => editor.doc.nodes.some((n) => Math.abs(n.position.x + 100 - x) < 210 && Math.abs(n.position.y + 38 - y) < 90);
      let { x, y } = c;
      for (let i = 0; taken(x, y) && i < 200; i++) {
        x += 230;
        if (i % 4 === 3) { x = c.x; y += 110; }
      }
      pos = { x, y };
    }
    editor.addNode(item.kind, { x: Math.round(pos.x - 100), y: Math.round(pos.y - 38) }, { behaviour: item.behaviour });
  }, [editor, flow]);

  const dropItem = useCallback((item: PaletteItem, x: number, y: number) => {
    const pane = document.querySelector('.canvas-area')?.getBoundingClientRect();
    if (!pane || x < pane.left || x > pane.right || y < pane.top || y > pane.bottom) return;
    addItem(item, flow.screenToFlowPosition({ x, y }));
  }, [addItem, flow]);

  const reveal = useCallback((nodeIds: string[], edgeIds: string[] = []) => {
    const doc = editor.doc;
    // a node inside a collapsed subtree is shown by expanding its collapsed ancestors
    const parents = new Map(doc.edges.filter((e) => e.kind === 'supervision').map((e) => [e.target, e.source]));
    for (const id of nodeIds) {
      for (let p = parents.get(id), guard = 0; p && guard < 1000; p = parents.get(p), guard++) {
        if (doc.nodes.find((n) => n.id === p)?.collapsed) editor.toggleCollapsed(p);
      }
    }
    const edgeEnds = doc.edges.filter((e) => edgeIds.includes(e.id)).flatMap((e) => [e.source, e.target]);
    editor.select(nodeIds, edgeIds);
    const ids = [...new Set([...nodeIds, ...edgeEnds])];
    if (ids.length) requestAnimationFrame(() => flow.fitView({ nodes: ids.map((id) => ({ id })), padding: 0.6, maxZoom: 1.2, duration: 300, includeHiddenNodes: editor.doc.nodes.length > BIG_DESIGN }));
  }, [editor, flow]);

  const runLayout = useCallback(async () => {
    const positions = await autoLayout(editor.doc, (id) => {
      const m = flow.getInternalNode(id)?.measured;
      return m?.width && m?.height ? { width: m.width, height: m.height } : undefined;
    });
    editor.setPositions(positions);
    fitSoon();
  }, [editor, flow, fitSoon]);

  const quickFix = useCallback((d: Diagnostic) => {
    if (d.quickFix) editor.replaceWith(d.quickFix.title, d.quickFix.apply);
  }, [editor]);

  const copy = useCallback(async () => {
    const text = editor.copySelection();
    if (!text) return;
    setClipboardFallback(text);
    await navigator.clipboard?.writeText(text).catch(() => undefined);
  }, [editor]);

  const paste = useCallback(async () => {
    const text = (await navigator.clipboard?.readText().catch(() => null)) ?? clipboardFallback;
    if (!text || !editor.paste(text, pastePoint(flow.screenToFlowPosition))) show('info', 'The clipboard holds no Supervisor Studio nodes.');
  }, [editor, clipboardFallback, show, flow]);

  useEffect(() => { if (liveShown && liveStructure) fitSoon(); }, [liveShown, liveStructure, fitSoon]);

  // ---------------------------------------------------------------- commands (commands/workbench.ts), registered once:
  // they read what they act on through `deps`, refreshed every render
  const deps = useRef<WorkbenchDeps | null>(null);
  deps.current = {
    editor, session, hostKind: host.kind,
    recent: async () => { setRecent(await host.recent()); setOverlay('recent'); },
    view: {
      fitView: () => { void flow.fitView({ padding: overlayPadding(0.2), maxZoom: 1.2, duration: 250, includeHiddenNodes: editor.doc.nodes.length > BIG_DESIGN }); },
      zoomIn: () => { void flow.zoomIn({ duration: 150 }); },
      zoomOut: () => { void flow.zoomOut({ duration: 150 }); },
      autoLayout: runLayout, fitSoon,
      // a new design starts at 100 %, not at the zoom the previous (maybe huge) design left
      resetView: () => { void flow.setViewport({ x: 0, y: 0, zoom: 1 }); },
    },
    overlay: (which) => setOverlay((o) => (which === 'shortcuts' && o === 'shortcuts' ? null : which)),
    find: () => setSearching(true),
    whatIf: setBlastNode,
    addItem: (i) => addItem(i),
    copy, paste, layout, setLayout,
    showProblems: () => { setLayout({ bottomOpen: true }); setBottomTab('problems'); },
    theme: { toggle: theme.toggle, followSystem: theme.followSystem },
    problems: { errors, warnings },
    show, fail,
    pingKernel: async () => {
      if (!kernel) throw new Error('the kernel worker is not running');
      const t0 = performance.now();
      const r = await kernel.request('ping', { nonce: 42 }, { timeoutMs: 5000 });
      return `Kernel answered ping ${r.nonce} in ${(performance.now() - t0).toFixed(1)} ms`;
    },
    runtimeVersion: () => (kernelStatus.state === 'ready' ? kernelStatus.runtime : '…'),
    tour: () => { setOverlay(null); setTouring(true); },
    showLesson: () => { setLayout({ bottomOpen: true }); setBottomTab('lesson'); },
  };
  useEffect(() => registry.register(workbenchCommands(() => deps.current!)), [registry]);
  const prepareTour = useCallback((needs: 'palette' | 'timeline') => setLayout(needs === 'palette' ? { leftOpen: true } : { bottomOpen: true }), [setLayout]);

  // keyboard shortcuts, menu commands and clipboard events
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      if (document.querySelector('[aria-modal="true"]') && e.key !== '?' && !(e.ctrlKey || e.metaKey)) return;
      if (registry.handleKey(e, isTextTarget(e.target))) e.preventDefault();
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isTextTarget(e.target) || document.getSelection()?.toString()) return;
      const text = editor.copySelection();
      if (!text) return;
      e.clipboardData?.setData('text/plain', text);
      setClipboardFallback(text);
      e.preventDefault();
      if (e.type === 'cut') editor.deleteSelection();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTextTarget(e.target)) return;
      const text = e.clipboardData?.getData('text/plain') || clipboardFallback;
      if (text && editor.paste(text, pastePoint(flow.screenToFlowPosition))) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    const offMenu = host.onMenuCommand((id) => {
      if (!registry.execute(id)) show('info', `"${id}" is not available yet.`);
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
      offMenu();
    };
  }, [registry, host, editor, show, clipboardFallback, flow]);

  const restore = async (entry: RecoveryEntry) => {
    try {
      await session.restore(entry);
      setRecovered((r) => r.filter((x) => x.key !== entry.key));
      fitSoon();
    } catch (e) {
      fail(`Restoring ${entry.name}`)(e);
    }
  };
  const discard = async (entry: RecoveryEntry) => {
    await host.discardRecovery(entry.key).catch(fail('Discard'));
    setRecovered((r) => r.filter((x) => x.key !== entry.key));
  };

  const taskProgress = useTaskProgress(snap.doc);
  const bottomTabs: BottomTab[] = [
    {
      id: 'problems', label: 'Problems', icon: 'warning',
      badge: diagnostics.length ? { text: String(diagnostics.length), kind: errors ? 'err' : undefined } : undefined,
      render: () => <Problems diagnostics={diagnostics} doc={snap.doc} onReveal={(d) => reveal(d.nodeIds, d.edgeIds)} onQuickFix={quickFix} />,
    },
    { id: 'events', label: 'Event log', icon: 'list', render: () => (liveShown ? <LiveEventLog /> : <EventLogPanel editor={editor} />) },
    { id: 'timeline', label: 'Timeline', icon: 'clock', render: () => (liveShown ? <LiveTimeline /> : <TimelinePanel editor={editor} />) },
    { id: 'tests', label: 'Tests', icon: 'check', render: () => <TestPanel editor={editor} /> },
    { id: 'lesson', label: 'Lesson', icon: 'template', badge: taskProgress ? { text: taskProgress } : undefined, render: () => <LessonPanel editor={editor} /> },
  ];

  const processCount = snap.doc.nodes.filter(isProcessNode).length;
  const liveProcessCount = liveShown ? getLiveController().design?.doc.nodes.filter(isProcessNode).length ?? 0 : 0;

  return (
    <CommandsContext.Provider value={registry}>
      <div className="app">
        <header className="toolbar" role="toolbar" aria-label="Main toolbar">
          <div className="brand"><Icon name="logo" size={18} /><span className="brand-name">Supervisor Studio</span></div>
          <span className="sep" />
          <ToolButton command="new" icon="file" />
          <ToolButton command="open" icon="folder" />
          <ToolButton command="save" icon="save" />
          <span className="sep tb-opt" />
          <ToolButton command="undo" icon="undo" className="tb-opt" />
          <ToolButton command="redo" icon="redo" className="tb-opt" />
          <span className="sep tb-opt" />
          <ToolButton command="autoLayout" icon="layout" className="tb-opt" />
          <ToolButton command="fitView" icon="fit" className="tb-opt" />
          <ToolButton command="find" icon="search" className="tb-opt" />
          <span className="sep" />
          <ToolButton command="templates" icon="template" text="Templates" />
          <ToolButton command="export" icon="export" text="Export" />
          <ToolButton command="attachLive" icon="bolt" text="Live BEAM" className="tb-opt" />
          <span className="grow" />
          <div className="doc-title" data-testid="doc-title" title={file.ref ? file.ref.id : 'Not saved yet'}>
            {file.dirty && <span className="dirty" aria-label="Unsaved changes" />}
            <span>{file.name}</span>
          </div>
          <span className="grow" />
          <div className="run-slot" aria-label="Run controls"><RunToolbar editor={editor} onShowProblems={() => { setLayout({ bottomOpen: true }); setBottomTab('problems'); }} /></div>
          <span className="sep" />
          <ToolButton command="togglePalette" icon="sidebarLeft" pressed={layout.leftOpen} className="tb-opt" />
          <ToolButton command="toggleBottomPanel" icon="panelBottom" pressed={layout.bottomOpen} className="tb-opt" />
          <ToolButton command="toggleInspector" icon="sidebarRight" pressed={layout.rightOpen} className="tb-opt" />
          <span className="sep tb-opt" />
          <ToolButton command="toggleTheme" icon={theme.effective === 'dark' ? 'sun' : 'moon'} className="tb-opt" />
          <MoreMenu commands={MORE_COMMANDS} checked={{ togglePalette: layout.leftOpen, toggleBottomPanel: layout.bottomOpen, toggleInspector: layout.rightOpen }} />
          <ToolButton command="showShortcuts" icon="help" />
        </header>

        <div className="workbench">
          {layout.leftOpen && (
            <>
              <aside id="palette-panel" className="panel panel-left" style={{ width: layout.left }} aria-label="Palette">
                <div className="panel-header">Palette</div>
                <Palette onDrop={dropItem} onAdd={(i) => addItem(i)} />
              </aside>
              <Splitter axis="x" value={layout.left} {...LIMITS.left} direction={1} label="Resize palette" controls="palette-panel"
                onChange={(left) => setLayout({ left })} onToggle={() => setLayout({ leftOpen: false })} />
            </>
          )}
          <main className="center">
            {recovered.length > 0 && (
              <div className="banner" role="alert">
                <Icon name="info" />
                <span className="grow">
                  Unsaved work from an earlier session: <strong>{recovered[0].name}</strong> ({new Date(recovered[0].savedAt).toLocaleString()})
                  {recovered.length > 1 ? ` and ${recovered.length - 1} more` : ''}.
                </span>
                <button type="button" className="btn primary" onClick={() => restore(recovered[0])}>Restore</button>
                <button type="button" className="btn" onClick={() => discard(recovered[0])}>Discard</button>
              </div>
            )}
            <LiveBar onCompare={() => setComparing(true)} designText={designText}
              onImport={(doc, name) => { session.openCopy(doc, name).then((ok) => { if (ok) { getLiveController().setShow('design'); fitSoon(); } }, fail('Import as design')); }} />
            <div className="canvas-area" aria-label={liveShown ? 'Live tree canvas' : 'Design canvas'}>
              {liveShown ? (
                <Canvas key="live" editor={liveEditor()} diagnostics={NO_DIAGNOSTICS} colorMode={theme.effective} onRefused={(reason) => show('info', reason)} />
              ) : (
              <Canvas key="design" editor={editor} diagnostics={diagnostics} colorMode={theme.effective} highlight={highlight} blast={blastMap}
                onRefused={(reason) => show('error', `Not connected: ${reason}`)}>
                {snap.readOnly === null && <CanvasHud relation={snap.relationKind} onRelation={(k) => editor.setRelationKind(k)} />}
                <RunEdgeHeat editor={editor} />
              </Canvas>
              )}
              <RunBanners editor={editor} onShowEvent={() => { setLayout({ bottomOpen: true }); setBottomTab('events'); }} />
              {blast && <BlastCard doc={snap.doc} result={blast} reason={blastReason} onReason={setBlastReason} onClose={() => setBlastNode(null)} />}
              {searching && <SearchBox doc={snap.doc} onHighlight={setHighlight} onPick={(id) => reveal([id])} onClose={() => setSearching(false)} />}
              {!liveShown && snap.doc.nodes.length === 0 && (
                <div className="canvas-empty">
                  <div className="card">
                    <h2>Design a supervision tree</h2>
                    <p>Drag a supervisor and some workers from the palette, then connect a supervisor's bottom handle to its children.</p>
                    <div className="actions">
                      <button type="button" className="btn primary" onClick={() => addItem(PALETTE_ITEMS[0])}><Icon name="supervisor" />Add a supervisor</button>
                      <button type="button" className="btn" onClick={() => setOverlay('templates')}><Icon name="template" />Browse templates</button>
                    </div>
                    <p className="canvas-pan-hint" data-testid="pan-hint">Pan with <kbd>Space</kbd>+drag or a middle/right-button drag; a left drag on empty canvas selects a box; the wheel zooms.</p>
                  </div>
                </div>
              )}
            </div>
            {layout.bottomOpen && (
              <>
                <Splitter axis="y" value={layout.bottom} {...LIMITS.bottom} direction={-1} label="Resize bottom panel" controls="bottom-panel"
                  onChange={(bottom) => setLayout({ bottom })} onToggle={() => setLayout({ bottomOpen: false })} />
                <section id="bottom-panel" className="panel panel-bottom" style={{ height: layout.bottom }} aria-label="Bottom panel">
                  <BottomPanel tabs={bottomTabs} active={bottomTab} onSelect={setBottomTab} onCollapse={() => setLayout({ bottomOpen: false })} />
                </section>
              </>
            )}
          </main>
          {layout.rightOpen && (
            <>
              <Splitter axis="x" value={layout.right} {...LIMITS.right} direction={-1} label="Resize inspector" controls="inspector-panel"
                onChange={(right) => setLayout({ right })} onToggle={() => setLayout({ rightOpen: false })} />
              <aside id="inspector-panel" className="panel panel-right" style={{ width: layout.right }} aria-label="Inspector">
                <div className="panel-header">Inspector</div>
                <div className="panel-body">{liveShown ? <LiveInspector /> : <RunInspectorSlot editor={editor}><Inspector editor={editor} diagnostics={diagnostics} onQuickFix={quickFix} onWhatIf={setBlastNode} /></RunInspectorSlot>}</div>
              </aside>
            </>
          )}
        </div>

        <footer className="statusbar" aria-label="Status bar">
          <span className="item">{host.kind === 'electron' ? 'Desktop' : 'Browser'}</span>
          <button type="button" className="item" data-testid="kernel-status" title="Ping the kernel worker" onClick={() => registry.execute('pingKernel')}>
            <span className={`dot ${kernelStatus.state === 'ready' ? 'ok' : kernelStatus.state === 'failed' ? 'bad' : ''}`} />
            {kernelStatus.state === 'ready' ? `Kernel ready · runtime ${kernelStatus.runtime}` : kernelStatus.state === 'failed' ? `Kernel failed: ${kernelStatus.error}` : 'Starting kernel…'}
          </button>
          <button type="button" className="item" data-testid="problem-count" onClick={() => registry.execute('showProblems')}>
            <span className={errors ? 'err' : ''}><Icon name="error" size={12} /> {errors}</span>
            <span className={warnings ? 'warn' : ''}><Icon name="warning" size={12} /> {warnings}</span>
          </button>
          {liveShown ? (
            // the canvas shows the live tree, not the design: count what is drawn (the design's counts come back with "Design")
            <span className="item" data-testid="node-count">live tree: {liveProcessCount} process{liveProcessCount === 1 ? '' : 'es'}</span>
          ) : (
            <span className="item" data-testid="node-count">{processCount} process{processCount === 1 ? '' : 'es'} · {snap.doc.edges.length} edge{snap.doc.edges.length === 1 ? '' : 's'}</span>
          )}
          {snap.selection.nodes.size > 0 && <span className="item">{snap.selection.nodes.size} selected</span>}
          <span className="grow" />
          <ZoomLevel />
          <button type="button" className="item" onClick={() => registry.execute('showShortcuts')}>Shortcuts <kbd>?</kbd></button>
          <span className="item">{theme.pref === 'system' ? `Theme: system (${theme.effective})` : `Theme: ${theme.effective}`}</span>
        </footer>
      </div>
      {saveChangesDialog}
      {overlay === 'shortcuts' && <ShortcutsOverlay onClose={() => setOverlay(null)} />}
      {overlay === 'templates' && (
        <TemplatesDialog onClose={() => setOverlay(null)} onOpen={(t) => {
          // a new template is laid out for this canvas's node sizes before it is shown (so it opens clean)
          // (a template laid out by hand — meta.layout "template", e.g. children in several rows — keeps its positions)
          const laidOut = (t.doc.meta as { layout?: unknown }).layout === 'template';
          (laidOut ? Promise.resolve(new Map<string, { x: number; y: number }>()) : autoLayout(t.doc)).then((positions) => {
            const doc = { ...t.doc, nodes: t.doc.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) };
            return session.openCopy(doc, `${t.doc.title}.suptree`).then((ok) => {
              if (!ok) return;
              setOverlay(null);
              fitSoon();
            });
          }).catch(fail('Opening the template'));
        }} />
      )}
      {overlay === 'attach' && <AttachDialog desktop={desktopBridge()} onClose={() => setOverlay(null)} onAttached={() => { setOverlay(null); setLayout({ bottomOpen: true }); setBottomTab('timeline'); }} />}
      {comparing && <CompareDialog scenarios={snap.doc.scenarios?.map((x) => x.name) ?? []} designText={designText} onClose={() => setComparing(false)} />}
      <LiveFaultMenu />
      {overlay === 'export' && <ExportDialog doc={snap.doc} baseName={file.name} host={host} onClose={() => setOverlay(null)} />}
      {overlay === 'recent' && (
        <Modal title="Open recent" icon="clock" onClose={() => setOverlay(null)}>
          {recent.length === 0 ? <div className="empty">No recent files yet.</div> : (
            <ul className="recent-list">
              {recent.map((r) => (
                <li key={r.id}>
                  <button type="button" className="recent-item" onClick={() => {
                    setOverlay(null);
                    session.openRecent(r.id).then((ok) => ok && fitSoon(), fail(`Opening ${r.name}`));
                  }}>
                    <Icon name="file" /><span>{r.name}</span><small>{new Date(r.openedAt).toLocaleString()}</small>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Modal>
      )}
      <LessonTracker editor={editor} onDone={(texts) => show('info', `Lesson task done ✓ ${plainText(texts[0])}${texts.length > 1 ? ` (and ${texts.length - 1} more)` : ''}`)} />
      {touring && <Tour onClose={() => setTouring(false)} prepare={prepareTour} />}
      <ToastStack toasts={toasts} dismiss={dismiss} />
    </CommandsContext.Provider>
  );
}

function ZoomLevel() {
  const zoom = useStore((s) => s.transform[2]);
  return <span className="item" data-testid="zoom">{Math.round(zoom * 100)}%</span>;
}

function CanvasHud({ relation, onRelation }: { relation: 'link' | 'monitor' | 'calls'; onRelation(k: 'link' | 'monitor' | 'calls'): void }) {
  const kinds = [['link', 'Link'], ['monitor', 'Monitor'], ['calls', 'Calls']] as const;
  return (
    <div className="canvas-hud">
      <span className="hud-label">Side handles draw</span>
      <div className="segmented" role="group" aria-label="Side handles draw">
        {kinds.map(([k, label]) => (
          <button key={k} type="button" aria-pressed={relation === k} onClick={() => onRelation(k)} title={`Dragging from a node's right handle draws a ${k} edge`}>
            <span className={`swatch ${k}`} />{label}
          </button>
        ))}
      </div>
    </div>
  );
}
