// Shared by the design commands (validate, run, blast, campaign): argument parsing with --help, reading a design
// file with clear errors (unreadable, not JSON, not a design, newer version), compiling it, and a TTY progress bar.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CustomSourceError } from '../../runtime/behaviours/custom-source';
import { parse } from '../../runtime/design/parse';
import { CompileError, compile, type RuntimeSpec } from '../../runtime/design/spec';
import type { DesignDocument } from '../../runtime/design/document';
import type { Command } from './types';

/** A failure with a message for the user and the exit code (1: the input is bad; 2: the command line is). */
export class CliError extends Error {
  constructor(message: string, readonly code = 1) {
    super(message);
  }
}

export interface Parsed {
  file: string;
  values: Record<string, string | boolean | string[] | undefined>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** A design command: parses `args` against `options`, prints `help` on --help, turns a CliError into its code. */
export function designCommand(summary: string, help: string, options: Options, body: (p: Parsed) => number, extra: Partial<Command> = {}): Command {
  return {
    summary,
    ...extra,
    run(args) {
      try {
        let parsed;
        try {
          parsed = parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
        } catch (e) {
          throw new CliError(`${(e as Error).message}\n\n${help}`, 2);
        }
        if (parsed.values.help) {
          process.stdout.write(`${help}\n`);
          return 0;
        }
        if (parsed.positionals.length !== 1) throw new CliError(`expected one design file\n\n${help}`, 2);
        return body({ file: parsed.positionals[0], values: parsed.values as Parsed['values'] });
      } catch (e) {
        // a custom behaviour whose source does not compile is a problem of the input file, reported with its line
        if (e instanceof CustomSourceError) {
          process.stderr.write(`${e.message}\n`);
          return 1;
        }
        if (!(e instanceof CliError)) throw e;
        process.stderr.write(`${e.message}\n`);
        return e.code;
      }
    },
  };
}

/**
 * How design files are read (and a folder's designs listed). The CLI sandbox (cli/sandbox/) has no file-system access: the trusted parent reads the
 * files named on the command line and the sandbox reads them from here.
 */
export const designInput: { read(file: string): string; list(path: string): string[] } = {
  read: (file) => {
    // a pipe, socket or device would block (or never end): refused before it is opened
    const st = statSync(file);
    if (st.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    if (!st.isFile()) throw new CliError(`Cannot read ${file}: it is not a regular file (a pipe, socket or device).`);
    return readFileSync(file, 'utf8');
  },
  list: (path) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new CliError(`Cannot read ${path}: no such file or folder.`);
    }
    if (!st.isDirectory()) return [path];
    const files = readdirSync(path).filter((f) => f.endsWith('.suptree')).sort().map((f) => join(path, f));
    if (files.length === 0) throw new CliError(`${path} has no .suptree files.`);
    return files;
  },
};

/** Read and parse a design file; a CliError says exactly what is wrong (with JSON paths). */
export function readDesign(file: string): { doc: DesignDocument; warnings: string[] } {
  let text: string;
  try {
    text = designInput.read(file);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a folder' : err.code === 'EACCES' ? 'permission denied' : err.message;
    throw new CliError(`Cannot read ${file}: ${why}.`);
  }
  const r = parse(text);
  if (!r.ok) throw new CliError(`${file} is not a design this version can open:\n${r.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  return { doc: r.doc, warnings: r.warnings };
}

/** Read, parse and compile; a design with validation errors is refused with its diagnostics. */
export function readSpec(file: string): RuntimeSpec {
  const { doc } = readDesign(file);
  try {
    return compile(doc);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    throw new CliError(`${file} has errors; fix them first (see \`supervisor-studio validate ${file}\`):\n${e.diagnostics.map((d) => `  ${d.message}`).join('\n')}`);
  }
}

/** A whole number option (or the default); a CliError for anything else. */
export function intOption(values: Parsed['values'], name: string, dflt: number, min = 0): number {
  const v = values[name];
  if (v === undefined) return dflt;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < min) throw new CliError(`--${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''} (got ${JSON.stringify(v)})`, 2);
  return n;
}

export const writeJson = (v: unknown) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);

/** A one-line progress bar on stderr when it is a terminal (nothing otherwise). Returns update and done. */
export function progressBar(label: string): { update(done: number, total: number, extra?: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  return {
    update(done, total, extra = '') {
      if (!tty) return;
      const width = 30;
      const filled = Math.round((done / Math.max(1, total)) * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${extra}`);
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
