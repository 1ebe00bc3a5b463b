// `supervisor-studio validate <file> [--json]`: the diagnostics of a design (errors, lint warnings); exit 1 on errors.
import { validate as validateDoc } from '../../runtime/design/validate';
import { CliError, designCommand, readDesign, writeJson } from './design-file';

const HELP = `usage: supervisor-studio validate <file.suptree> [--json]

Checks a design: structure, values, names, behaviour parameters, references and scenarios (errors), then the
supervision lint (warnings). Prints one line per finding; exit 1 when there is an error (or the file cannot be read).

  --json   print {file, ok, diagnostics: [{severity, code, message, nodeIds, edgeIds, quickFix}]} instead`;

export const validate = designCommand('check a design: errors and supervision lint warnings', HELP, { json: { type: 'boolean' } }, ({ file, values }) => {
  let doc;
  try {
    doc = readDesign(file).doc;
  } catch (e) {
    if (!(e instanceof CliError) || !values.json) throw e;
    writeJson({ file, ok: false, readError: e.message });
    return e.code;
  }
  const diagnostics = validateDoc(doc);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (values.json) {
    writeJson({
      file, ok: errors === 0,
      diagnostics: diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, nodeIds: d.nodeIds, edgeIds: d.edgeIds, quickFix: d.quickFix?.title ?? null })),
    });
  } else {
    for (const d of diagnostics) {
      const where = [...d.nodeIds, ...d.edgeIds];
      process.stdout.write(`${d.severity.padEnd(7)} ${d.code}${where.length ? ` [${where.join(', ')}]` : ''}\n        ${d.message}\n${d.quickFix ? `        quick fix: ${d.quickFix.title}\n` : ''}`);
    }
    process.stdout.write(`${file}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  return errors ? 1 : 0;
});
