// Terse builders for designs written in code (tests, templates, examples): names default to ids, defaults are filled.
//   design([sup('app', { strategy: 'rest_for_one' }), worker('db', 'database'), worker('cache')],
//          [...under('app', 'db', 'cache'), calls('cache', 'db')])
import { CURRENT_VERSION, DocumentSchema, FORMAT, documentTypeDefaults, type DesignDocument, type DesignDocumentInput } from './document';

type NodeInput = DesignDocumentInput['nodes'] extends (infer N)[] | undefined ? N : never;
type EdgeInput = DesignDocumentInput['edges'] extends (infer E)[] | undefined ? E : never;
type Extra = Record<string, unknown>;

export function design(nodes: NodeInput[], edges: EdgeInput[] = [], extra: Partial<DesignDocumentInput> = {}): DesignDocument {
  return DocumentSchema.parse(documentTypeDefaults({ format: FORMAT, version: CURRENT_VERSION, ...extra, nodes, edges }));
}

export const sup = (id: string, extra: Extra = {}) => ({ kind: 'supervisor', id, name: id, ...extra }) as NodeInput;
export const dynSup = (id: string, extra: Extra = {}) => ({ kind: 'dynamic_supervisor', id, name: id, ...extra }) as NodeInput;
export const worker = (id: string, behaviour = 'echo', extra: Extra = {}) => ({ kind: 'worker', id, name: id, behaviour, ...extra }) as NodeInput;
export const registry = (id: string, extra: Extra = {}) => ({ kind: 'registry', id, name: id, ...extra }) as NodeInput;

/** Supervision edges from `parent` to each child, in the given order (edge ids `parent>child`). */
export const under = (parent: string, ...children: string[]): EdgeInput[] =>
  children.map((c, order) => ({ kind: 'supervision', id: `${parent}>${c}`, source: parent, target: c, order }));
export const calls = (from: string, to: string): EdgeInput => ({ kind: 'calls', id: `${from}->${to}`, source: from, target: to });
export const link = (a: string, b: string): EdgeInput => ({ kind: 'link', id: `${a}-${b}`, source: a, target: b });
export const monitor = (watcher: string, target: string): EdgeInput => ({ kind: 'monitor', id: `${watcher}~${target}`, source: watcher, target });
