// Builds `templates/*.suptree` from the compact definitions in `./definitions`.
//
//   npx tsx templates/build.ts          writes the files
//   npx tsx templates/build.ts --check  exits 1 if a file differs from what the definitions give
//
// The files are the product (the app opens them); this builder only saves writing ids, edges and positions by hand.
// `templates.test.ts` checks that the committed files match the definitions.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEMPLATES, renderTemplate } from './definitions';

const here = dirname(fileURLToPath(import.meta.url));
const check = process.argv.includes('--check');
let stale = 0;
for (const t of TEMPLATES) {
  const file = join(here, `${t.file}.suptree`);
  const text = renderTemplate(t);
  if (check) {
    let old = '';
    try {
      old = readFileSync(file, 'utf8');
    } catch {
      // missing file counts as stale
    }
    if (old !== text) {
      stale++;
      console.error(`stale: ${file}`);
    }
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
if (stale) process.exit(1);
