#!/usr/bin/env node
// Generates the package's API reference, runtime/API.md, from index.ts and its doc comments with TypeDoc and
// typedoc-plugin-markdown (one Markdown file). Run by `npm run api -w runtime` and before `npm pack` (prepack).
import { renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Application } from 'typedoc';

const dir = fileURLToPath(new URL('..', import.meta.url));
const out = `${dir}.api-tmp`;
rmSync(out, { recursive: true, force: true });
const app = await Application.bootstrapWithPlugins({
  entryPoints: [`${dir}index.ts`],
  tsconfig: `${dir}tsconfig.build.json`,
  plugin: ['typedoc-plugin-markdown'],
  out,
  readme: 'none',
  router: 'module',
  hidePageHeader: true,
  hideBreadcrumbs: true,
  disableSources: true,
  excludePrivate: true,
  excludeInternal: true,
  name: '@supervisor-studio/runtime API',
  logLevel: 'Warn',
});
const project = await app.convert();
if (!project) process.exit(1);
await app.generateOutputs(project);
renameSync(`${out}/README.md`, `${dir}API.md`);
rmSync(out, { recursive: true, force: true });
console.log('wrote runtime/API.md');
