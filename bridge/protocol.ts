// The bridge's data types, shared by its Node side (client.ts, server.ts, import.ts) and the app (renderer/live/*):
// no Node API here, so the browser build can import it. The messages themselves are listed at the top of server.ts.

/** One process of the live tree, as the agent reports it (bridge/agent.ex). */
export interface LiveProcess {
  pid: string | null;
  alive?: boolean;
  /** The child id in its parent's spec (inspected), absent for a root. */
  id?: string;
  kind: 'supervisor' | 'dynamic_supervisor' | 'registry' | 'task_supervisor' | 'worker';
  type?: 'worker' | 'supervisor';
  registeredName?: string | null;
  module?: string;
  modules?: string[];
  restart?: string;
  shutdown?: number | string | null;
  strategy?: string;
  intensity?: number;
  period?: number;
  maxChildren?: number | string;
  status?: string;
  messageQueueLen?: number;
  links?: string[];
  monitors?: string[];
  trapExit?: boolean;
  children: LiveProcess[];
}
export interface LiveTree {
  node: string;
  /** `app` is null for a supervisor started outside any application (e.g. from iex). */
  apps: { app: string | null; root: LiveProcess }[];
}

export interface LiveEvent {
  kind: 'started' | 'exited' | 'restarted' | 'command';
  /** The process's place in the tree: `app/child_id/child_id…`. */
  path?: string;
  pid?: string | null;
  oldPid?: string | null;
  command?: string;
  at: string;
}

/** pid of every process in the tree by its path (child ids are stable across restarts, pids are not). */
export function pidsByPath(tree: LiveTree): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const walk = (p: LiveProcess, path: string) => {
    // dynamic children have no stable id: keyed by pid, so they appear as exited + started
    out.set(path, p.pid);
    p.children.forEach((c) => walk(c, `${path}/${c.id && c.id !== 'undefined' ? c.id : c.pid}`));
  };
  tree.apps.forEach((a, i) => walk(a.root, a.app ?? a.root.registeredName ?? `root${i}`));
  return out;
}

/** What changed between two snapshots. */
export function diffTrees(before: LiveTree, after: LiveTree, at = new Date().toISOString()): LiveEvent[] {
  const a = pidsByPath(before), b = pidsByPath(after);
  const events: LiveEvent[] = [];
  for (const [path, pid] of b) {
    if (!a.has(path)) events.push({ kind: 'started', path, pid, at });
    else if (a.get(path) !== pid) events.push({ kind: 'restarted', path, pid, oldPid: a.get(path), at });
  }
  for (const [path, pid] of a) if (!b.has(path)) events.push({ kind: 'exited', path, pid, at });
  return events;
}
