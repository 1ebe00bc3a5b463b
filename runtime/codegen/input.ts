// Every exporter accepts a compiled RuntimeSpec or a design document (compiled here; a design with errors throws
// design/spec's CompileError with the diagnostics).
import type { DesignDocument } from '../design/document';
import { compile, type RuntimeSpec } from '../design/spec';

export type SpecInput = RuntimeSpec | DesignDocument;

export function toSpec(input: SpecInput): RuntimeSpec {
  return isSpec(input) ? input : compile(input);
}

function isSpec(input: SpecInput): input is RuntimeSpec {
  return typeof (input as { specVersion?: unknown }).specVersion === 'number' && Array.isArray((input as RuntimeSpec).roots);
}

/** A file tree: relative path (with `/`) → contents. */
export interface ExportedFiles {
  files: Record<string, string>;
}
