// The app frame: toolbar, palette | canvas + bottom panel | inspector, status bar. Panels resize and collapse.
import { useEffect, useMemo, useState } from 'react';
import { ReactFlow, ReactFlowProvider, Background, BackgroundVariant, Controls, MiniMap } from '@xyflow/react';
import type { Host } from '../host/types';
import { CommandRegistry, type Command } from './commands/registry';
import { CommandsContext, isTextTarget } from './commands/context';
import { useLayout, LIMITS } from './layout';
import { useTheme } from './theme';
import { Splitter } from './components/Splitter';
import { Icon } from './components/Icons';
import { ToolButton } from './components/ToolButton';
import { BottomPanel, type BottomTab } from './components/BottomPanel';
import { ShortcutsOverlay } from './components/ShortcutsOverlay';
import { ToastStack, useToasts } from './components/Toasts';
import { EventLogPanel, RunToolbar, TimelinePanel } from '../run/mount';
import { startKernelWorker, type KernelClient } from '../run/kernel-client';

type KernelStatus = { state: 'starting' } | { state: 'ready'; runtime: string } | { state: 'failed'; error: string };

export function App({ host }: { host: Host }) {
  const registry = useMemo(() => new CommandRegistry(host.isMac), [host]);
  const [layout, setLayout] = useLayout();
  const theme = useTheme();
  const { toasts, show, dismiss } = useToasts();
  const [overlay, setOverlay] = useState<'shortcuts' | null>(null);
  const [bottomTab, setBottomTab] = useState('problems');
  const [kernel, setKernel] = useState<KernelClient | null>(null);
  const [kernelStatus, setKernelStatus] = useState<KernelStatus>({ state: 'starting' });

  useEffect(() => {
    registry.onError = (id, err) => show('error', `${registry.get(id)?.label ?? id} failed: ${err instanceof Error ? err.message : String(err)}`);
  }, [registry, show]);

  // the kernel worker: started once; the status bar shows its answer to `version`
  useEffect(() => {
    const k = startKernelWorker();
    setKernel(k);
    k.request('version', undefined, { timeoutMs: 10_000 }).then(
      (v) => setKernelStatus({ state: 'ready', runtime: v.runtime }),
      (e: Error) => setKernelStatus({ state: 'failed', error: e.message }),
    );
    return () => k.terminate();
  }, []);

  useEffect(() => {
    const cmds: Command[] = [
      { id: 'showShortcuts', label: 'Keyboard shortcuts', shortcut: '?', group: 'Help', run: () => setOverlay((o) => (o ? null : 'shortcuts')) },
      { id: 'toggleTheme', label: 'Toggle light/dark theme', shortcut: 'Mod+Alt+T', group: 'View', run: theme.toggle },
      { id: 'followSystemTheme', label: 'Follow system theme', group: 'View', run: theme.followSystem },
      { id: 'togglePalette', label: 'Toggle palette', shortcut: 'Mod+B', group: 'View', run: () => setLayout({ leftOpen: !layout.leftOpen }) },
      { id: 'toggleInspector', label: 'Toggle inspector', shortcut: 'Mod+Alt+B', group: 'View', run: () => setLayout({ rightOpen: !layout.rightOpen }) },
      { id: 'toggleBottomPanel', label: 'Toggle bottom panel', shortcut: 'Mod+J', group: 'View', run: () => setLayout({ bottomOpen: !layout.bottomOpen }) },
      {
        id: 'pingKernel', label: 'Ping the kernel worker', group: 'Run',
        run: async () => {
          if (!kernel) throw new Error('the kernel worker is not running');
          const t0 = performance.now();
          const r = await kernel.request('ping', { nonce: 42 }, { timeoutMs: 5000 });
          show('info', `Kernel answered ping ${r.nonce} in ${(performance.now() - t0).toFixed(1)} ms`);
        },
      },
    ];
    return registry.register(cmds);
  }, [registry, theme.toggle, theme.followSystem, layout, setLayout, kernel, show]);

  // keyboard shortcuts and menu commands go through the same registry
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      if (registry.handleKey(e, isTextTarget(e.target))) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    const offMenu = host.onMenuCommand((id) => {
      if (!registry.execute(id)) show('info', `"${id}" is not available yet.`);
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      offMenu();
    };
  }, [registry, host, show]);

  const bottomTabs: BottomTab[] = [
    { id: 'problems', label: 'Problems', icon: 'warning', render: () => <div className="empty"><Icon name="check" /><strong>No problems</strong><span>The design is valid.</span></div> },
    { id: 'events', label: 'Event log', icon: 'list', render: () => <EventLogPanel /> },
    { id: 'timeline', label: 'Timeline', icon: 'clock', render: () => <TimelinePanel /> },
  ];

  return (
    <CommandsContext.Provider value={registry}>
      <ReactFlowProvider>
        <div className="app" style={{ '--left': `${layout.left}px` } as React.CSSProperties}>
          <header className="toolbar" role="toolbar" aria-label="Main toolbar">
            <div className="brand"><Icon name="logo" size={18} />Supervisor Studio</div>
            <span className="sep" />
            <div className="doc-title" data-testid="doc-title">Untitled design</div>
            <span className="grow" />
            <div className="run-slot" aria-label="Run controls"><RunToolbar /></div>
            <span className="sep" />
            <ToolButton command="togglePalette" icon="sidebarLeft" pressed={layout.leftOpen} />
            <ToolButton command="toggleBottomPanel" icon="panelBottom" pressed={layout.bottomOpen} />
            <ToolButton command="toggleInspector" icon="sidebarRight" pressed={layout.rightOpen} />
            <span className="sep" />
            <ToolButton command="toggleTheme" icon={theme.effective === 'dark' ? 'sun' : 'moon'} />
            <ToolButton command="showShortcuts" icon="help" />
          </header>

          <div className="workbench">
            {layout.leftOpen && (
              <>
                <aside id="palette-panel" className="panel panel-left" style={{ width: layout.left }} aria-label="Palette">
                  <div className="panel-header">Palette</div>
                  <div className="panel-body" />
                </aside>
                <Splitter axis="x" value={layout.left} {...LIMITS.left} direction={1} label="Resize palette" controls="palette-panel"
                  onChange={(left) => setLayout({ left })} onToggle={() => setLayout({ leftOpen: false })} />
              </>
            )}
            <main className="center">
              <div className="canvas-area" aria-label="Design canvas">
                <ReactFlow nodes={[]} edges={[]} colorMode={theme.effective} fitView proOptions={{ hideAttribution: true }}>
                  <Background variant={BackgroundVariant.Dots} gap={18} size={1.4} color="var(--canvas-dot)" />
                  <Controls position="bottom-left" />
                  <MiniMap position="bottom-right" pannable zoomable ariaLabel="Minimap" />
                </ReactFlow>
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
                  <div className="panel-body"><div className="empty"><strong>Nothing selected</strong><span>Select a node or an edge to edit it.</span></div></div>
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
            <span className="grow" />
            <button type="button" className="item" onClick={() => registry.execute('showShortcuts')}>Shortcuts <kbd>?</kbd></button>
            <span className="item">{theme.pref === 'system' ? `Theme: system (${theme.effective})` : `Theme: ${theme.effective}`}</span>
          </footer>
        </div>
        {overlay === 'shortcuts' && <ShortcutsOverlay onClose={() => setOverlay(null)} />}
        <ToastStack toasts={toasts} dismiss={dismiss} />
      </ReactFlowProvider>
    </CommandsContext.Provider>
  );
}
