// Generated designs for the UI benchmark: one root supervisor, supervisors of ten workers each under it, laid out
// in a grid (so the benchmark measures rendering, not auto-layout). Valid `.suptree` documents.
export function generateDesign(processes: number): string {
  const nodes: unknown[] = [];
  const edges: unknown[] = [];
  if (processes === 0) return JSON.stringify({ format: 'supervisor-studio', version: 1, title: 'empty', nodes, edges });
  nodes.push({ kind: 'supervisor', id: 'root', name: 'root', position: { x: 0, y: 0 } });
  let made = 1;
  let group = 0;
  while (made < processes) {
    const supId = `s${group}`;
    const gx = (group % 20) * 2400;
    const gy = 200 + Math.floor(group / 20) * 600;
    nodes.push({ kind: 'supervisor', id: supId, name: `sup_${group}`, position: { x: gx + 1000, y: gy } });
    edges.push({ kind: 'supervision', id: `e_${supId}`, source: 'root', target: supId, order: group });
    made++;
    for (let i = 0; i < 10 && made < processes; i++, made++) {
      const id = `w${group}_${i}`;
      nodes.push({ kind: 'worker', id, name: `worker_${group}_${i}`, behaviour: 'echo', position: { x: gx + i * 230, y: gy + 160 } });
      edges.push({ kind: 'supervision', id: `e_${id}`, source: supId, target: id, order: i });
    }
    group++;
  }
  return JSON.stringify({ format: 'supervisor-studio', version: 1, title: `${processes} processes`, nodes, edges });
}
