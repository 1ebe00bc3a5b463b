// Diagnostics as the renderer uses them: runtime/design's validate() output.
export type { Diagnostic, QuickFix, Severity } from '../../runtime/design/validate';
