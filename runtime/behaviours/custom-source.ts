// Custom behaviours: TypeScript source stored in a document, turned into a callback object that cannot hang the run.
//
//   1. sucrase strips the types and turns `export default {...}` into CommonJS; it keeps every line where it was.
//   2. acorn parses the JS and a guard call `__guard(line)` is inserted at the top of every loop body (no newline is
//      added, so line numbers still match the TypeScript the user wrote).
//   3. `new Function` evaluates the module once; each callback is wrapped so the guard knows which handler runs.
//
// The guard stops a handler after LOOP_BUDGET.iterations loop iterations (deterministic) or, as a backstop,
// LOOP_BUDGET.ms of wall time inside one handler. Recursion without loops ends in JS's own stack overflow (a crash
// like any other). Errors — syntax errors, runtime errors, guard stops — carry the line in the user's source.
import { parse as parseJs } from 'acorn';
import { transform } from 'sucrase';
import { ErlError } from '../kernel/errors';

export const LOOP_BUDGET = { iterations: 5_000_000, ms: 2000 };

export const CALLBACK_NAMES = ['init', 'handleCall', 'handleCast', 'handleInfo', 'terminate'] as const;
export type CallbackName = (typeof CALLBACK_NAMES)[number];
export type CustomModule = Partial<Record<CallbackName, (...args: any[]) => any>>;

/**
 * Called around every run of custom code (the module's top level and each callback), so a host can watch it from
 * outside: the CLI sandbox (cli/sandbox/) kills a worker whose custom code has not returned within its time limit.
 * Default: nothing. Pure JS, no host API.
 */
export const customCodeHooks: { enter(behaviourId: string, handler: string): void; exit(): void } = {
  enter: () => {},
  exit: () => {},
};

/** A problem in a custom behaviour's source, located in that source (1-based line, when known). */
export class CustomSourceError extends Error {
  constructor(
    readonly behaviourId: string,
    readonly detail: string,
    readonly line?: number,
    readonly handler?: string,
  ) {
    super(`custom behaviour "${behaviourId}"${handler ? `, ${handler}` : ''}${line ? ` (line ${line})` : ''}: ${detail}`);
  }
}

/** Thrown by the loop guard. A user's try/catch may see it, but the handler still fails when it returns. */
export class LoopGuardError extends CustomSourceError {}

// ---- source transform ---------------------------------------------------------------------------------------------

interface AstNode {
  type: string;
  start: number;
  end: number;
  loc?: { start: { line: number } };
  body?: AstNode | AstNode[];
  [k: string]: unknown;
}
const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

/** Insert `__guard(line)` at the start of every loop body of `js` (line numbers unchanged). */
export function guardLoops(js: string): string {
  const ast = parseJs(js, { ecmaVersion: 'latest', sourceType: 'script', locations: true }) as unknown as AstNode;
  const inserts: { at: number; text: string }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object' || typeof (node as AstNode).type !== 'string') return;
    const n = node as AstNode;
    if (LOOPS.has(n.type)) {
      const body = n.body as AstNode;
      const call = `__guard(${n.loc!.start.line});`;
      if (body.type === 'BlockStatement') inserts.push({ at: body.start + 1, text: call });
      else inserts.push({ at: body.start, text: `{${call}` }, { at: body.end, text: '}' });
    }
    for (const k of Object.keys(n)) if (k !== 'loc') visit(n[k]);
  };
  visit(ast);
  inserts.sort((a, b) => b.at - a.at);
  let out = js;
  for (const i of inserts) out = out.slice(0, i.at) + i.text + out.slice(i.at);
  return out;
}

// ---- evaluation ---------------------------------------------------------------------------------------------------

/** How many lines `new Function` puts before the body (engine-specific; measured once). */
let fnLineOffset: number | undefined;
function functionLineOffset(): number {
  if (fnLineOffset === undefined) {
    try {
      new Function('throw new Error("probe")\n//# sourceURL=__probe__.js')();
    } catch (e) {
      const m = /__probe__\.js:(\d+)/.exec(String((e as Error).stack));
      fnLineOffset = m ? Number(m[1]) - 1 : 0;
    }
  }
  return fnLineOffset!;
}

/** The file name a custom module's code runs under (`//# sourceURL`): safe for any id, even one with a line break. */
function sourceFileOf(behaviourId: string): string {
  return `custom-${behaviourId.replace(/[^\w.-]/g, '_')}.js`;
}

/** The line in the user's source of the innermost stack frame inside the custom module, if any. */
export function sourceLineOf(e: unknown, behaviourId: string): number | undefined {
  const stack = e instanceof Error ? String(e.stack) : '';
  const file = sourceFileOf(behaviourId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${file}:(\\d+):\\d+`).exec(stack);
  return m ? Number(m[1]) - functionLineOffset() : undefined;
}

function syntaxLine(e: unknown): number | undefined {
  const err = e as { loc?: { line: number }; message?: string };
  if (err.loc?.line) return err.loc.line;
  const m = /\((\d+):(\d+)\)/.exec(String(err.message));
  return m ? Number(m[1]) : undefined;
}

/** The wall clock the loop guard's time backstop reads (tests make it a fake one). */
export const guardClock = { now: (): number => Date.now() };

/**
 * The guard state of one loaded module: which handler runs, how many iterations it has used. The time backstop reads
 * the clock with a stride that adapts to the cost of an iteration: every iteration when they are slow (a loop with a
 * 26 ms body stops within one body of the limit), up to every 1,024th when they are cheap, so the guard costs almost
 * nothing in tight loops. The handler's time counts from its start, not from its first loop.
 */
class Guard {
  handler = '';
  iterations = 0;
  started = 0;
  nextCheck = 1;
  lastT = 0;
  lastN = 0;
  tripped: LoopGuardError | null = null;
  constructor(readonly behaviourId: string) {}
  enter(handler: string): void {
    this.handler = handler;
    this.iterations = 0;
    this.started = guardClock.now();
    this.nextCheck = 1;
    this.lastT = this.started;
    this.lastN = 0;
    this.tripped = null;
  }
  check = (line: number): void => {
    if (this.tripped) throw this.tripped;
    const n = ++this.iterations;
    if (n > LOOP_BUDGET.iterations) this.trip(line, `${LOOP_BUDGET.iterations.toLocaleString('en')} iterations`);
    if (n < this.nextCheck) return;
    const now = guardClock.now();
    if (now - this.started > LOOP_BUDGET.ms) this.trip(line, `${LOOP_BUDGET.ms} ms`);
    // next check after about 1/16 of the budget's worth of iterations at the speed seen since the last check
    const perIteration = (now - this.lastT) / (n - this.lastN);
    const stride = perIteration > 0 ? Math.floor(LOOP_BUDGET.ms / 16 / perIteration) : (n - this.lastN) * 2;
    this.nextCheck = n + Math.max(1, Math.min(1024, stride));
    this.lastT = now;
    this.lastN = n;
  };
  private trip(line: number, what: string): never {
    throw (this.tripped = new LoopGuardError(this.behaviourId, `a loop ran too long (more than ${what}) and was stopped`, line, this.handler));
  }
}

/**
 * Transpile, guard and evaluate a custom behaviour's source. Returns its callbacks, each wrapped so that a thrown
 * error names the handler and the source line. Throws CustomSourceError on syntax errors or a bad module shape.
 */
export function loadCustomModule(behaviourId: string, source: string): CustomModule {
  let js: string;
  try {
    js = transform(source, { transforms: ['typescript', 'imports'], production: true }).code;
    js = guardLoops(js);
  } catch (e) {
    throw new CustomSourceError(behaviourId, `syntax error: ${String((e as Error).message).replace(/\s*\(\d+:\d+\)$/, '')}`, syntaxLine(e));
  }
  const guard = new Guard(behaviourId);
  const module = { exports: {} as Record<string, unknown> };
  try {
    const fn = new Function('exports', 'module', '__guard', `${js}\n//# sourceURL=${sourceFileOf(behaviourId)}`);
    guard.enter('module');
    customCodeHooks.enter(behaviourId, 'module');
    try {
      fn(module.exports, module, guard.check);
    } finally {
      customCodeHooks.exit();
    }
  } catch (e) {
    throw asSourceError(e, behaviourId, 'module');
  }
  const exported = (module.exports.default ?? module.exports) as Record<string, unknown>;
  if (!exported || typeof exported !== 'object') {
    throw new CustomSourceError(behaviourId, 'the source must `export default { init, handleCall, ... }`');
  }
  const out: CustomModule = {};
  for (const name of CALLBACK_NAMES) {
    const f = exported[name];
    if (f === undefined) continue;
    if (typeof f !== 'function') throw new CustomSourceError(behaviourId, `${name} must be a function`);
    out[name] = (...args: unknown[]) => {
      guard.enter(name);
      customCodeHooks.enter(behaviourId, name);
      try {
        const r = (f as (...a: unknown[]) => unknown).apply(exported, args);
        if (guard.tripped) throw guard.tripped; // swallowed by the user's own catch: fail anyway
        return r;
      } catch (e) {
        throw asSourceError(e, behaviourId, name);
      } finally {
        customCodeHooks.exit();
      }
    };
  }
  return out;
}

function asSourceError(e: unknown, behaviourId: string, handler: string): unknown {
  // ctx.exit / ctx.throw / ctx.raise (and a kernel unwind) go through as they are: they are not bugs to locate
  if (e instanceof CustomSourceError || e instanceof ErlError) return e;
  if (!(e instanceof Error)) return e; // a thrown non-Error value (a deliberate throw): leave it as the user wrote it
  return new CustomSourceError(behaviourId, e.message, sourceLineOf(e, behaviourId), handler);
}
