// The inspector: forms generated from the schemas for the selected node (child spec, supervisor options, behaviour
// parameters) or edge, validated as you type. A typing burst in one field is one undo step.
import { lazy, Suspense, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import {
  childType, defaultShutdownOf, indexDocument, isProcessNode, isSupervisorLike, kindChildType,
  type ChildType, type DesignDocument, type DesignNode, type ProcessNode, type SupervisionEdge,
} from '../../runtime/design/document';
import { BEHAVIOURS, getBehaviour, type ParamField } from '../../runtime/behaviours/catalog';
import { functionProblem, moduleProblem, nameProblem } from '../../runtime/design/names';
import type { Editor } from '../editor/editor';
import { Icon } from '../src/components/Icons';
import { KIND_ICON, KIND_LABEL } from '../canvas/nodes';
import { checkValue, fieldsForKind, paramSchema, type FieldSpec } from './schema-fields';
import type { Diagnostic } from './problems-model';
import { Markdown } from './Markdown';
import { LessonLink } from '../lessons/LessonPanel';

const CodeEditor = lazy(() => import('./CodeEditor'));

const CUSTOM_TEMPLATE = `// A custom GenServer-style behaviour. Return plain objects (see docs/behaviours.md).
// Fail like Elixir: ctx.exit('reason'), ctx.throw(value), ctx.raise('ArgumentError', 'message'), ctx.error('badarith');
// recover with ctx.try(() => ..., { rescue: (e) => ..., catch: (kind, value) => ..., after: () => ... }).
export default {
  init(params, ctx) {
    return { ok: { count: 0 } };
  },
  handleCall(msg, from, state, ctx) {
    return { reply: state.count, state: { count: state.count + 1 } };
  },
  handleCast(msg, state, ctx) {
    return { state };
  },
};
`;

export function Inspector({ editor, diagnostics, onQuickFix, onWhatIf }: { editor: Editor; diagnostics: readonly Diagnostic[]; onQuickFix(d: Diagnostic): void; onWhatIf(nodeId: string): void }) {
  const { doc, selection } = useSyncExternalStore(editor.subscribe, editor.getSnapshot);
  const nodeIds = [...selection.nodes];
  const edgeIds = [...selection.edges];
  if (nodeIds.length + edgeIds.length > 1) {
    return (
      <div className="insp">
        <div className="insp-title"><Icon name="list" /> {nodeIds.length} nodes, {edgeIds.length} edges selected</div>
        <div className="insp-actions">
          <button type="button" className="btn" onClick={() => editor.duplicateSelection()}><Icon name="copy" />Duplicate</button>
          <button type="button" className="btn danger" onClick={() => editor.deleteSelection()}><Icon name="trash" />Delete</button>
        </div>
      </div>
    );
  }
  if (nodeIds.length === 1) {
    const node = doc.nodes.find((n) => n.id === nodeIds[0]);
    if (node) return <NodeInspector key={node.id} editor={editor} doc={doc} node={node} diagnostics={diagnostics.filter((d) => d.nodeIds.includes(node.id))} onQuickFix={onQuickFix} onWhatIf={onWhatIf} />;
  }
  if (edgeIds.length === 1) return <EdgeInspector editor={editor} doc={doc} edgeId={edgeIds[0]} />;
  return <DocumentInspector editor={editor} doc={doc} />;
}

function DocumentInspector({ editor, doc }: { editor: Editor; doc: DesignDocument }) {
  const procs = doc.nodes.filter(isProcessNode).length;
  return (
    <div className="insp">
      <div className="insp-title"><Icon name="file" /> Design</div>
      <TextField label="Title" value={doc.title} mergeKey="doc:title" onCommit={(v, m) => editor.edit('Rename design', (d) => { d.title = String(v); }, { merge: m })} editor={editor} />
      <p className="insp-note">{procs} process{procs === 1 ? '' : 'es'}, {doc.edges.length} edge{doc.edges.length === 1 ? '' : 's'}. Select a node or an edge to edit it.</p>
      {doc.lesson && <div className="insp-lesson"><Markdown text={doc.lesson} /></div>}
      <LessonLink doc={doc} />
    </div>
  );
}

function NodeInspector({ editor, doc, node, diagnostics, onQuickFix, onWhatIf }: { editor: Editor; doc: DesignDocument; node: DesignNode; diagnostics: readonly Diagnostic[]; onQuickFix(d: Diagnostic): void; onWhatIf(id: string): void }) {
  const ix = indexDocument(doc);
  const supervised = (ix.parentEdges.get(node.id)?.length ?? 0) > 0;
  const fields = fieldsForKind(node.kind).filter((f) => f.group !== 'Child spec' || supervised);
  const groups = [...new Set(fields.map((f) => f.group))];
  const set = (key: string) => (v: unknown, merge?: string) => editor.setNodeField(node.id, key, v, merge ? { merge } : {});
  return (
    <div className="insp">
      <div className={`insp-title pk-${node.kind}`}>
        <span className="pi-icon"><Icon name={KIND_ICON[node.kind]} size={15} /></span>
        {KIND_LABEL[node.kind]} <span className="insp-id">{node.id}</span>
      </div>
      {isProcessNode(node) && (
        <div className="insp-actions">
          <button type="button" className="btn" onClick={() => onWhatIf(node.id)} title="Preview which processes one failure of this node restarts or stops (K)">
            <Icon name="bolt" />What if this crashes?
          </button>
        </div>
      )}
      {groups.map((g) => (
        <fieldset key={g} className="insp-group">
          <legend>{g}</legend>
          {fields.filter((f) => f.group === g).map((f) => (
            <SchemaField key={f.key} spec={f} value={(node as Record<string, unknown>)[f.key]} nodeId={node.id} editor={editor} onCommit={set(f.key)} />
          ))}
          {node.kind === 'worker' && g === 'General' && <BehaviourFields editor={editor} doc={doc} node={node} />}
          {g === 'Child spec' && isProcessNode(node) && <ChildSpecFields editor={editor} node={node} />}
          {node.kind === 'load_source' && g === 'Load' && (
            <SelectField label="Target" value={node.target ?? ''} options={['', ...doc.nodes.filter(isProcessNode).map((n) => n.id)]}
              optionLabel={(id) => (id ? doc.nodes.find((n) => n.id === id)?.name ?? id : '— none —')}
              onChange={(v) => editor.setNodeField(node.id, 'target', v || undefined)} />
          )}
        </fieldset>
      ))}
      {isProcessNode(node) && <StructureFields editor={editor} doc={doc} node={node} />}
      {!supervised && isProcessNode(node) && <p className="insp-note">Not supervised: choose "Supervised by" above, or connect a supervisor's bottom handle to this node, to set its child spec.</p>}
      {diagnostics.length > 0 && (
        <div className="insp-problems" aria-label="Problems with this node">
          {diagnostics.map((d, i) => (
            <div key={i} className={`insp-problem ${d.severity}`}>
              <Icon name={d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info'} size={14} />
              <span>{d.message}</span>
              {d.quickFix && <button type="button" className="btn" onClick={() => onQuickFix(d)}>{d.quickFix.title}</button>}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

const FORMAT_LABEL: Record<string, string> = {
  '': 'a map, start from the behaviour (default)',
  map: '%{id: …, start: {Module, :fun, args}}',
  module: 'Module',
  tuple: '{Module, arg}',
  child_spec: 'Supervisor.child_spec({Module, arg}, id: …)',
};

/** The child spec's type (all process nodes), and for a worker how the Elixir export writes it and its start {M, F, A}. */
function ChildSpecFields({ editor, node }: { editor: Editor; node: ProcessNode }) {
  const kindType = kindChildType(node.kind);
  const setType = (v: string) => editor.edit('Set type', (d) => {
    const n = d.nodes.find((x) => x.id === node.id) as ProcessNode | undefined;
    if (!n) return;
    const before = childType(n);
    if (v === '') delete n.type;
    else n.type = v as ChildType;
    // a shutdown left at the old type's default follows the type, as OTP's default does
    if (n.shutdown === defaultShutdownOf(before)) n.shutdown = defaultShutdownOf(childType(n));
  });
  const start = node.kind === 'worker' ? node.start ?? {} : {};
  const setStart = (key: 'module' | 'function' | 'args') => (v: unknown, merge?: string) => editor.edit(`Set start ${key}`, (d) => {
    const n = d.nodes.find((x) => x.id === node.id);
    if (!n || n.kind !== 'worker') return;
    const next: Record<string, unknown> = { ...n.start };
    if (v === undefined || v === '') delete next[key];
    else next[key] = v;
    if (Object.keys(next).length) n.start = next;
    else delete n.start;
  }, merge ? { merge } : {});
  const nameField = (key: 'module' | 'function', label: string, problem: (s: string) => string | undefined, placeholder: string, help: string) => (
    <TextField label={label} value={String(start[key] ?? '')} placeholder={placeholder} help={help} mergeKey={`field:${node.id}:start.${key}`} editor={editor}
      validate={(raw) => {
        if (raw === '') return { value: undefined };
        const p = problem(raw);
        return p ? { error: `Not a valid ${key}: ${p}.`, value: raw } : { value: raw };
      }}
      onCommit={setStart(key)} />
  );
  return (
    <>
      <SelectField label="Type" value={node.type ?? ''} options={['', 'worker', 'supervisor']}
        optionLabel={(v) => (v === '' ? `${kindType} (from the kind)` : v)} onChange={setType}
        help="What the supervisor is told the child is. OTP's default shutdown follows it: 5000 ms for a worker, infinity for a supervisor." />
      {node.kind === 'worker' && (
        <>
          <SelectField label="Written as" value={node.specFormat ?? ''} options={['', 'map', 'module', 'tuple', 'child_spec']}
            optionLabel={(v) => FORMAT_LABEL[v]} onChange={(v) => editor.setNodeField(node.id, 'specFormat', v || undefined)}
            help="How the Elixir export writes this child in its supervisor's list. All four give the supervisor the same child spec." />
          {nameField('module', 'Start module', moduleProblem, 'default: the name in PascalCase', 'The Elixir module of the child (an alias: MyWorker, Todo.Server).')}
          {nameField('function', 'Start function', functionProblem, 'start_link', 'The function the supervisor calls to start it.')}
          <TextField label="Start arguments" value={start.args === undefined ? '' : JSON.stringify(start.args)} placeholder='[{"$list": []}]  (that is [[]])'
            help='A JSON list of terms: "atom", [tuple], {"$bin": "text"}, {"$list": [...]}.' mergeKey={`field:${node.id}:start.args`} editor={editor}
            validate={(raw) => {
              if (raw.trim() === '') return { value: undefined };
              let v: unknown;
              try {
                v = JSON.parse(raw);
              } catch {
                return { error: 'Start arguments must be JSON: a list such as ["my_arg"] or [{"$list": []}].' };
              }
              return Array.isArray(v) ? { value: v } : { error: 'Start arguments must be a list (the arguments of the start function).' };
            }}
            onCommit={setStart('args')} />
        </>
      )}
    </>
  );
}

function BehaviourFields({ editor, doc, node }: { editor: Editor; doc: DesignDocument; node: Extract<DesignNode, { kind: 'worker' }> }) {
  const custom = doc.customBehaviours;
  const info = getBehaviour(node.behaviour) ?? custom.find((b) => b.id === node.behaviour);
  const ids = [...BEHAVIOURS.keys(), ...custom.map((b) => b.id)];
  return (
    <>
      <SelectField label="Behaviour" value={node.behaviour} options={ids.includes(node.behaviour) ? ids : [node.behaviour, ...ids]}
        optionLabel={(id) => BEHAVIOURS.get(id)?.title ?? custom.find((b) => b.id === id)?.title ?? id}
        onChange={(v) => editor.setBehaviour(node.id, v)} help={info?.description} />
      {custom.some((b) => b.id === node.behaviour) ? (
        <div className="field code">
          <label>Code</label>
          <Suspense fallback={<div className="field-help">Loading editor…</div>}>
            <CodeEditor label={`Source of behaviour ${node.behaviour}`} value={custom.find((b) => b.id === node.behaviour)!.source}
              onChange={(src) => editor.edit('Edit behaviour code', (d) => {
                const b = d.customBehaviours.find((x) => x.id === node.behaviour);
                if (b) b.source = src;
              }, { merge: `code:${node.behaviour}` })}
              onBlur={() => editor.history.seal()} />
          </Suspense>
        </div>
      ) : (
        <div className="insp-actions">
          <button type="button" className="btn" onClick={() => {
            let i = 1;
            while (ids.includes(`custom_${i}`)) i++;
            const id = `custom_${i}`;
            editor.edit('New custom behaviour', (d) => {
              d.customBehaviours.push({ id, title: `Custom ${i}`, description: '', source: CUSTOM_TEMPLATE, fields: [] });
            });
            editor.setBehaviour(node.id, id);
          }}>New custom behaviour</button>
        </div>
      )}
      {(info?.fields ?? []).map((f) => (
        <ParamInput key={`${node.behaviour}:${f.name}`} field={f} fields={info!.fields} value={node.params[f.name]} doc={doc} editor={editor} nodeId={node.id} />
      ))}
    </>
  );
}

function ParamInput({ field, fields, value, doc, editor, nodeId }: { field: ParamField; fields: readonly ParamField[]; value: unknown; doc: DesignDocument; editor: Editor; nodeId: string }) {
  const schema = paramSchema(fields, field.name);
  const label = field.label ?? field.name;
  const commit = (v: unknown, merge?: string) => editor.setParam(nodeId, field.name, v, merge ? { merge } : {});
  if (field.type === 'boolean') return <CheckField label={label} value={!!(value ?? field.default)} onChange={(v) => commit(v)} help={field.help} />;
  if (field.type === 'enum') return <SelectField label={label} value={String(value ?? field.default ?? '')} options={field.options ?? []} onChange={(v) => commit(v)} help={field.help} />;
  if (field.type === 'process') {
    const names = doc.nodes.filter(isProcessNode).filter((n) => n.id !== nodeId).map((n) => n.name);
    return <SelectField label={label} value={String(value ?? '')} options={['', ...names]} optionLabel={(n) => n || '— choose —'} onChange={(v) => commit(v || undefined)} help={field.help} />;
  }
  const numeric = field.type === 'integer' || field.type === 'number';
  return (
    <TextField label={label} unit={field.unit} help={field.help} value={value === undefined ? '' : String(value)} numeric={numeric}
      placeholder={field.default !== undefined ? String(field.default) : 'required'}
      validate={(raw) => {
        if (raw === '') return field.default === undefined ? { error: `${label} is required` } : { value: undefined };
        const v = numeric ? Number(raw) : raw;
        if (numeric && !Number.isFinite(v as number)) return { error: `${label} must be a number` };
        const err = checkValue(schema, v);
        return err ? { error: err } : { value: v };
      }}
      mergeKey={`param:${nodeId}:${field.name}`} onCommit={commit} editor={editor} />
  );
}

function SchemaField({ spec, value, nodeId, editor, onCommit }: { spec: FieldSpec; value: unknown; nodeId: string; editor: Editor; onCommit(v: unknown, merge?: string): void }) {
  const merge = `field:${nodeId}:${spec.key}`;
  switch (spec.kind) {
    case 'enum':
      return <SelectField label={spec.label} value={String(value ?? '')} options={spec.options ?? []} onChange={(v) => onCommit(v)} help={spec.help} />;
    case 'boolean':
      return <CheckField label={spec.label} value={!!value} onChange={(v) => onCommit(v)} help={spec.help} />;
    case 'number':
    case 'special-or-number':
    case 'text': {
      const specials = spec.specials ?? [];
      return (
        <TextField label={spec.label} unit={spec.unit} help={spec.help} value={value === undefined ? '' : String(value)}
          numeric={spec.kind === 'number'} suggestions={specials}
          validate={(raw) => {
            let v: unknown = raw;
            if (spec.kind !== 'text' && !specials.includes(raw)) {
              if (raw.trim() === '' || !Number.isFinite(Number(raw))) {
                return { error: `${spec.label} must be a number${specials.length ? ` or ${specials.join(' / ')}` : ''}` };
              }
              v = Number(raw);
              if ((v as number) < 0) return { error: `${spec.label} must be 0 or more` };
              if (!Number.isInteger(v)) return { error: `${spec.label} must be a whole number` };
            }
            if (spec.key === 'name' && typeof v === 'string') {
              const p = nameProblem(v);
              if (p) return { error: `Not a valid name: ${p}.`, value: v };
            }
            const err = checkValue(spec.schema, v);
            return err ? { error: err } : { value: v };
          }}
          mergeKey={merge} onCommit={onCommit} editor={editor} />
      );
    }
  }
}

// ------------------------------------------------------------------------------------------------ field widgets

type Check = { value?: unknown; error?: string };

/**
 * A text input validated on every keystroke. Valid values are committed at once (squashed into one undo step per
 * burst); an invalid value stays in the field with its message and is not written — except a name, which is written
 * so the problems panel can explain it (returned as `{ error, value }`).
 */
function TextField({ label, value, validate, onCommit, mergeKey, editor, unit, help, numeric, placeholder, suggestions }: {
  label: string; value: string; validate?: (raw: string) => Check; onCommit(v: unknown, merge?: string): void; mergeKey: string;
  editor: Editor; unit?: string; help?: string; numeric?: boolean; placeholder?: string; suggestions?: string[];
}) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (document.activeElement !== ref.current) {
      setText(value);
      setError(undefined);
    }
  }, [value]);
  const listId = suggestions?.length ? `${id}-list` : undefined;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-input">
        <input ref={ref} id={id} value={text} inputMode={numeric ? 'numeric' : undefined} placeholder={placeholder} list={listId}
          aria-invalid={!!error} aria-describedby={error ? `${id}-err` : help ? `${id}-help` : undefined}
          onChange={(e) => {
            const raw = e.target.value;
            setText(raw);
            const r = validate ? validate(raw) : { value: raw };
            setError(r.error);
            if ('value' in r) onCommit(r.value, mergeKey);
          }}
          onBlur={() => editor.history.seal()}
          onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }} />
        {unit && <span className="unit">{unit}</span>}
        {listId && <datalist id={listId}>{suggestions!.map((s) => <option key={s} value={s} />)}</datalist>}
      </div>
      {error ? <div className="field-error" id={`${id}-err`} role="alert">{error}</div> : help ? <div className="field-help" id={`${id}-help`}>{help}</div> : null}
    </div>
  );
}

const RELATIONS = ['link', 'monitor', 'calls'] as const;
const RELATION_VERB: Record<(typeof RELATIONS)[number], string> = { link: 'links to', monitor: 'monitors', calls: 'calls' };

/**
 * The tree and the relations without drawing: "Supervised by", the start order among siblings, and this process's
 * links, monitors and calls (add and remove). Everything a mouse draws on the canvas, reachable from the keyboard.
 */
function StructureFields({ editor, doc, node }: { editor: Editor; doc: DesignDocument; node: DesignNode }) {
  const ix = indexDocument(doc);
  const [kind, setKind] = useState<(typeof RELATIONS)[number]>('link');
  const [target, setTarget] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const parent = ix.parentEdges.get(node.id)?.[0]?.source ?? '';
  // a supervisor inside this node's own subtree cannot become its parent (cycle)
  const below = new Set<string>();
  const walk = (id: string) => { for (const e of ix.childEdges.get(id) ?? []) if (!below.has(e.target)) { below.add(e.target); walk(e.target); } };
  walk(node.id);
  const supervisors = doc.nodes.filter((n) => isSupervisorLike(n) && n.id !== node.id && !below.has(n.id));
  const siblings = parent ? [...(ix.childEdges.get(parent) ?? [])].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)) : [];
  const position = siblings.findIndex((e) => e.target === node.id);
  const nameOf = (id: string) => doc.nodes.find((n) => n.id === id)?.name || id;
  const relations = doc.edges.filter((e) => e.kind !== 'supervision' && (e.source === node.id || e.target === node.id));
  const others = doc.nodes.filter((n) => isProcessNode(n) && n.id !== node.id);
  const report = (r: { ok: boolean; reason?: string }) => setRefusal(r.ok ? null : (r.reason ?? 'Refused.'));
  return (
    <fieldset className="insp-group">
      <legend>Structure</legend>
      <SelectField label="Supervised by" value={parent} options={['', ...supervisors.map((n) => n.id)]}
        optionLabel={(id) => (id ? nameOf(id) : '— none (top level) —')}
        onChange={(v) => report(editor.setParent(node.id, v || null))}
        help="The supervisor that starts and restarts this process." />
      {position >= 0 && (
        <SelectField label="Start order" value={String(position)} options={siblings.map((_, i) => String(i))}
          optionLabel={(i) => `${Number(i) + 1} of ${siblings.length}${Number(i) === position ? '' : ` (where ${nameOf(siblings[Number(i)].target)} is)`}`}
          onChange={(v) => editor.setStartPosition(node.id, Number(v))}
          help="Children start in this order and stop in the reverse order; rest_for_one restarts the ones after." />
      )}
      <div className="field">
        <span className="field-label" id={`rel-${node.id}`}>Relations</span>
        <ul className="insp-relations" aria-labelledby={`rel-${node.id}`}>
          {relations.length === 0 && <li className="insp-note">No links, monitors or calls.</li>}
          {relations.map((e) => (
            <li key={e.id}>
              <span>{e.source === node.id ? `${RELATION_VERB[e.kind as (typeof RELATIONS)[number]]} ${nameOf(e.target)}` : `${nameOf(e.source)} ${RELATION_VERB[e.kind as (typeof RELATIONS)[number]]} this`}</span>
              <button type="button" className="btn btn-icon" aria-label={`Remove ${e.kind} ${nameOf(e.source)} → ${nameOf(e.target)}`}
                onClick={() => { editor.select([], [e.id]); editor.deleteSelection(); editor.select([node.id]); }}>
                <Icon name="close" size={12} />
              </button>
            </li>
          ))}
        </ul>
        <div className="insp-add-relation">
          <select aria-label="Relation kind" value={kind} onChange={(e) => setKind(e.target.value as (typeof RELATIONS)[number])}>
            {RELATIONS.map((k) => <option key={k} value={k}>{RELATION_VERB[k]}</option>)}
          </select>
          <select aria-label="Relation target" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">— choose a process —</option>
            {others.map((n) => <option key={n.id} value={n.id}>{n.name}</option>)}
          </select>
          <button type="button" className="btn" disabled={!target} onClick={() => { report(editor.connect(node.id, target, kind)); setTarget(''); }}>Add</button>
        </div>
      </div>
      {refusal && <div className="insp-problem warning" role="status"><Icon name="warning" size={14} /><span>{refusal}</span></div>}
    </fieldset>
  );
}

function SelectField({ label, value, options, onChange, optionLabel, help }: { label: string; value: string; options: readonly string[]; onChange(v: string): void; optionLabel?: (v: string) => string; help?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => <option key={o} value={o}>{optionLabel ? optionLabel(o) : o}</option>)}
      </select>
      {help && <div className="field-help">{help}</div>}
    </div>
  );
}

function CheckField({ label, value, onChange, help }: { label: string; value: boolean; onChange(v: boolean): void; help?: string }) {
  const id = useId();
  return (
    <div className="field check">
      <input id={id} type="checkbox" checked={value} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      {help && <div className="field-help">{help}</div>}
    </div>
  );
}

function EdgeInspector({ editor, doc, edgeId }: { editor: Editor; doc: DesignDocument; edgeId: string }) {
  const name = (id: string) => doc.nodes.find((n) => n.id === id)?.name || id;
  if (edgeId.startsWith('load:')) {
    const src = doc.nodes.find((n) => n.id === edgeId.slice(5));
    const target = src?.kind === 'load_source' ? src.target : undefined;
    return (
      <div className="insp">
        <div className="insp-title"><Icon name="load" /> Load</div>
        <p className="insp-note">{name(edgeId.slice(5))} sends load to {target ? name(target) : 'nothing'}.</p>
        <button type="button" className="btn danger" onClick={() => editor.deleteSelection()}><Icon name="trash" />Remove</button>
      </div>
    );
  }
  const e = doc.edges.find((x) => x.id === edgeId);
  if (!e) return null;
  const ix = indexDocument(doc);
  const siblings = e.kind === 'supervision' ? ix.childEdges.get(e.source) ?? [] : [];
  const pos = e.kind === 'supervision' ? siblings.indexOf(e as SupervisionEdge) : -1;
  const swap = (delta: number) => {
    const other = siblings[pos + delta];
    if (!other) return;
    editor.edit('Reorder children', (d) => {
      // renumber all siblings 0..n-1 with the two swapped, so ties can never hide the change
      const ids = siblings.map((s) => s.id);
      [ids[pos], ids[pos + delta]] = [ids[pos + delta], ids[pos]];
      for (const x of d.edges) if (x.kind === 'supervision' && ids.includes(x.id)) x.order = ids.indexOf(x.id);
    });
  };
  return (
    <div className="insp">
      <div className="insp-title"><Icon name="link" /> {e.kind[0].toUpperCase() + e.kind.slice(1)} edge <span className="insp-id">{e.id}</span></div>
      <p className="insp-note">
        {e.kind === 'supervision' && <>{name(e.source)} supervises {name(e.target)} — child {pos + 1} of {siblings.length} in start order.</>}
        {e.kind === 'link' && <>{name(e.source)} and {name(e.target)} are linked: an abnormal exit of one kills the other (unless it traps exits).</>}
        {e.kind === 'monitor' && <>{name(e.source)} monitors {name(e.target)}: it gets a DOWN message when {name(e.target)} exits.</>}
        {e.kind === 'calls' && <>{name(e.source)} calls {name(e.target)} (depends on it).</>}
      </p>
      {e.kind === 'supervision' && (
        <div className="insp-actions">
          <button type="button" className="btn" disabled={pos <= 0} onClick={() => swap(-1)}>Start earlier</button>
          <button type="button" className="btn" disabled={pos >= siblings.length - 1} onClick={() => swap(1)}>Start later</button>
        </div>
      )}
      {e.kind === 'calls' && (
        <TextField label="Label" value={e.label ?? ''} mergeKey={`edge:${e.id}:label`} editor={editor}
          onCommit={(v, m) => editor.edit('Set label', (d) => { const x = d.edges.find((y) => y.id === e.id); if (x?.kind === 'calls') x.label = (v as string) || undefined; }, { merge: m })} />
      )}
      <div className="insp-actions"><button type="button" className="btn danger" onClick={() => editor.deleteSelection()}><Icon name="trash" />Delete edge</button></div>
    </div>
  );
}
