// A Mermaid flowchart of a design (for docs and READMEs): supervision edges top-down in child order, links,
// monitors, calls and load sources. Node ids are generated (`n0`, `n1`, ...); names and free text only ever appear
// inside quoted, entity-escaped labels, so no name can break the diagram.
import type { ChildSpec, RuntimeSpec } from '../design/spec';
import { mermaidComment, mermaidText } from './escape';
import { toSpec, type SpecInput } from './input';

const shutdownText = (s: ChildSpec['shutdown']) => (typeof s === 'number' ? `${s} ms` : s);

function label(c: ChildSpec): string {
  const lines = [c.id];
  switch (c.kind) {
    case 'supervisor':
      lines.push(`${c.strategy} · ${c.intensity} in ${c.period}s`);
      break;
    case 'dynamic_supervisor':
    case 'task_supervisor':
      lines.push(`${c.kind === 'dynamic_supervisor' ? 'DynamicSupervisor' : 'Task.Supervisor'} · ${c.intensity} in ${c.period}s`);
      break;
    case 'registry':
      lines.push(`Registry · ${c.keys}`);
      break;
    case 'worker':
      lines.push(`${c.behaviour}${c.custom ? ' (custom)' : ''}`);
      break;
  }
  const spec = [c.restart !== 'permanent' && c.restart, c.kind === 'worker' && c.shutdown !== 5000 && `shutdown ${shutdownText(c.shutdown)}`]
    .filter(Boolean);
  if (spec.length) lines.push(spec.join(' · '));
  return lines.map(mermaidText).join('<br/>');
}

function shape(c: ChildSpec, text: string): string {
  switch (c.kind) {
    case 'supervisor': return `["${text}"]`;
    case 'dynamic_supervisor': return `[["${text}"]]`;
    case 'task_supervisor': return `{{"${text}"}}`;
    case 'registry': return `[("${text}")]`;
    case 'worker': return `("${text}")`;
  }
}

export interface MermaidOptions {
  /** Flow direction; top-down by default. */
  direction?: 'TD' | 'LR';
}

/** The design as Mermaid flowchart source. */
export function exportMermaid(input: SpecInput, options: MermaidOptions = {}): string {
  const spec: RuntimeSpec = toSpec(input);
  const ids = new Map<string, string>();
  const out: string[] = [`flowchart ${options.direction ?? 'TD'}`, mermaidComment(spec.title)];
  const classes: Record<string, string[]> = { supervisor: [], worker: [], registry: [], load: [] };
  const supervision: string[] = [];
  const walk = (c: ChildSpec, parent?: string) => {
    const id = `n${ids.size}`;
    ids.set(c.path, id);
    out.push(`  ${id}${shape(c, label(c))}`);
    (c.kind === 'worker' ? classes.worker : c.kind === 'registry' ? classes.registry : classes.supervisor).push(id);
    if (parent) supervision.push(`  ${parent} --> ${id}`);
    if ('children' in c) c.children.forEach((k) => walk(k, id));
  };
  spec.roots.forEach((r) => walk(r));
  for (const line of supervision) out.push(line);
  const edge = (a: string, arrow: string, b: string, text: string) => {
    const x = ids.get(a);
    const y = ids.get(b);
    if (x && y) out.push(`  ${x} ${arrow}|"${mermaidText(text)}"| ${y}`);
  };
  for (const l of spec.links) edge(l.a, '<-->', l.b, 'link');
  for (const m of spec.monitors) edge(m.watcher, '-.->', m.target, 'monitors');
  for (const c of spec.calls) edge(c.from, '==>', c.to, c.label ?? 'calls');
  spec.loadSources.forEach((l, i) => {
    const id = `load${i}`;
    classes.load.push(id);
    out.push(`  ${id}[/"${mermaidText(`${l.name}`)}<br/>${mermaidText(`${l.rate} req/s · ${l.mode}`)}"/]`);
    const target = ids.get(l.target);
    if (target) out.push(`  ${id} -.->|"load"| ${target}`);
  });
  out.push(
    '  classDef supervisor fill:#e8eefc,stroke:#3358c4,stroke-width:2px',
    '  classDef worker fill:#eef8ee,stroke:#2f7d32',
    '  classDef registry fill:#fdf6e3,stroke:#b58900',
    '  classDef load fill:#f6eefc,stroke:#7b3fb5,stroke-dasharray: 4 2',
  );
  for (const [cls, list] of Object.entries(classes)) if (list.length) out.push(`  class ${list.join(',')} ${cls}`);
  return out.join('\n') + '\n';
}
