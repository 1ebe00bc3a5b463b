// The export schemas against hostile input: what the renderer (or anything that got into it) may send to main.
import { describe, expect, it } from 'vitest';
import { ExportFileArgs, ExportFolderArgs, exportPathProblem, INVOKE, MAX_EXPORT_FILES, MAX_EXPORT_TOTAL_CHARS, segmentProblem } from './contract';

const ok = (path: string) => ExportFolderArgs.safeParse({ folderName: 'shop', files: [{ path, content: '' }] }).success;
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('export paths', () => {
  it('accepts ordinary relative paths, nested folders and non-ASCII names', () => {
    for (const p of ['package.json', 'src/supervisors/app_sup.ts', 'lib/shop/application.ex', 'docs/ünïcode ✓.md', '.gitignore', 'a/.formatter.exs']) {
      expect(exportPathProblem(p), p).toBeNull();
      expect(ok(p), p).toBe(true);
    }
  });

  it.each([
    ['../evil.ts', /inside the export/],
    ['src/../../evil.ts', /inside the export/],
    ['./x.ts', /inside the export/],
    ['/etc/passwd', /absolute/],
    ['C:/Windows/x.ts', /not allowed/],
    ['C:x.ts', /not allowed/],
    ['\\\\server\\share\\x', /not allowed/],
    ['src\\..\\x.ts', /not allowed/],
    ['a\0b.ts', /NUL/],
    ['a\nb.ts', /not allowed/],
    ['src//x.ts', /empty/],
    ['src/', /empty/],
    ['', /empty/],
    ['CON', /reserved/],
    ['src/nul.txt', /reserved/],
    ['lpt1.log', /reserved/],
    ['Com9', /reserved/],
    ['name.', /dot or a space/],
    ['name ', /dot or a space/],
    ['what?.ts', /not allowed/],
    ['x'.repeat(129), /longer than/],
    [Array(300).fill('ab').join('/'), /longer than 512/],
  ])('refuses hostile path #%#', (path, why) => {
    expect(exportPathProblem(path), JSON.stringify(path)).toMatch(why);
    expect(ok(path), JSON.stringify(path)).toBe(false);
  });

  it('names that only look reserved are fine', () => {
    for (const s of ['console.ts', 'auxiliary', 'nullable.ex', 'com10', 'lpt']) expect(segmentProblem(s), s).toBeNull();
  });
});

describe('export:saveToFolder arguments', () => {
  const files = [{ path: 'a.ts', content: 'x' }];
  it('needs a safe folder name and at least one file', () => {
    expect(ExportFolderArgs.safeParse({ folderName: 'shop-typescript', files }).success).toBe(true);
    for (const folderName of ['..', '.', '', 'a/b', 'a\\b', 'nul', '/tmp', 'x\0']) {
      expect(ExportFolderArgs.safeParse({ folderName, files }).success, folderName).toBe(false);
    }
    expect(ExportFolderArgs.safeParse({ folderName: 'shop', files: [] }).success).toBe(false);
  });

  it('refuses wrong shapes: missing fields, non-string content, extra-large input', () => {
    const bad: unknown[] = [
      undefined, null, 'shop', [], { folderName: 'shop' }, { files },
      { folderName: 'shop', files: [{ path: 'a.ts' }] },
      { folderName: 'shop', files: [{ path: 'a.ts', content: 1 }] },
      { folderName: 'shop', files: [{ path: 'a.ts', content: new Uint8Array(1) }] },
      { folderName: 'shop', files: 'a.ts' },
      { folderName: 'shop', files: Array.from({ length: MAX_EXPORT_FILES + 1 }, (_, i) => ({ path: `f${i}.ts`, content: '' })) },
      { folderName: 'shop', files: Array.from({ length: 4 }, (_, i) => ({ path: `f${i}.ts`, content: 'x'.repeat(MAX_EXPORT_TOTAL_CHARS / 4 + 1) })) },
    ];
    for (const b of bad) expect(ExportFolderArgs.safeParse(b).success).toBe(false);
  });

  it('refuses two files with one name (also differing in case only) and a file that is also a folder', () => {
    const parse = (paths: string[]) => ExportFolderArgs.safeParse({ folderName: 'shop', files: paths.map((path) => ({ path, content: '' })) });
    expect(parse(['a.ts', 'b.ts', 'src/a.ts']).success).toBe(true);
    expect(parse(['a.ts', 'a.ts']).success).toBe(false);
    expect(parse(['README.md', 'readme.md']).success).toBe(false);
    const both = parse(['src', 'src/a.ts']);
    expect(both.success).toBe(false);
    expect(both.error?.issues[0]?.message).toMatch(/both a file and a folder/);
  });

  it('is the schema the channel uses', () => {
    expect(INVOKE['export:saveToFolder'].args).toBe(ExportFolderArgs);
    expect(INVOKE['export:saveFile'].args).toBe(ExportFileArgs);
  });
});

describe('export:saveFile arguments', () => {
  const parse = (suggestedName: string, content: unknown) => ExportFileArgs.safeParse({ suggestedName, content });
  it('PNG and zip are bytes with their signature; SVG, design, diagram, JSON are text', () => {
    expect(parse('tree.png', Uint8Array.from([...PNG, 0])).success).toBe(true);
    expect(parse('shop.zip', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 9])).success).toBe(true);
    expect(parse('tree.svg', '<svg/>').success).toBe(true);
    expect(parse('shop.suptree', '{}').success).toBe(true);
    expect(parse('shop.mmd', 'flowchart TD').success).toBe(true);
    expect(parse('shop.spec.json', '{}').success).toBe(true);
    expect(parse('TREE.PNG', Uint8Array.from(PNG)).success).toBe(true);
  });

  it('refuses a wrong signature, text for bytes and bytes for text, other types and unsafe names', () => {
    expect(parse('tree.png', Uint8Array.from([0x3c, 0x73, 0x76, 0x67])).error?.issues[0]?.message).toMatch(/not a PNG/);
    expect(parse('tree.png', '\x89PNG\r\n\x1a\n').error?.issues[0]?.message).toMatch(/as bytes/);
    expect(parse('tree.svg', new TextEncoder().encode('<svg/>')).error?.issues[0]?.message).toMatch(/as text/);
    for (const name of ['run.sh', 'evil.exe', 'x.html', 'noextension', '.png', '../tree.png', '/tmp/tree.png', 'a/tree.png', 'con.png', 'tree.png\0.sh']) {
      expect(parse(name, Uint8Array.from(PNG)).success, name).toBe(false);
    }
    expect(parse('tree.png', [...PNG]).success).toBe(false); // a plain array is not bytes
    expect(parse('tree.png', { 0: 0x89, length: 1 }).success).toBe(false);
    expect(ExportFileArgs.safeParse({ suggestedName: 'tree.svg' }).success).toBe(false);
  });
});
