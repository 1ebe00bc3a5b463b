import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { canPickFolder, dataUrlToBlob, saveToFolder, zipFiles } from './export-save';

const FILES = { 'src/supervisors/app_sup.ts': 'export const a = 1;\n', 'package.json': '{"name":"x"}\n', 'README.md': 'ünïcode ✓\n' };

describe('zipFiles', () => {
  it('puts every file under the project folder, text unchanged', () => {
    const zip = zipFiles('demo-typescript', FILES);
    expect(String.fromCharCode(zip[0]!, zip[1]!)).toBe('PK');
    const back = unzipSync(zip);
    expect(Object.keys(back).sort()).toEqual(['demo-typescript/README.md', 'demo-typescript/package.json', 'demo-typescript/src/supervisors/app_sup.ts']);
    for (const [p, text] of Object.entries(FILES)) expect(strFromU8(back[`demo-typescript/${p}`]!)).toBe(text);
  });
});

/** An in-memory directory handle with the File System Access calls saveToFolder uses. */
function fakeDir(name: string, written: Map<string, string>, prefix = '', failOn?: string) {
  const dir = {
    name,
    getDirectoryHandle: async (n: string) => fakeDir(n, written, `${prefix}${n}/`, failOn),
    getFileHandle: async (n: string) => ({
      createWritable: async () => {
        if (`${prefix}${n}` === failOn) throw new Error('disk full');
        let data = '';
        return { write: async (d: string) => { data += d; }, close: async () => { written.set(`${prefix}${n}`, data); } };
      },
    }),
  };
  return dir;
}

describe('saveToFolder', () => {
  it('is offered in a browser with showDirectoryPicker, not without it and not in the desktop app', () => {
    const picker = async () => fakeDir('x', new Map());
    expect(canPickFolder({ showDirectoryPicker: picker } as unknown as Window)).toBe(true);
    expect(canPickFolder({} as Window)).toBe(false);
    expect(canPickFolder({ showDirectoryPicker: picker, studioDesktop: {} } as unknown as Window)).toBe(false);
  });

  it('writes the files, folders included, under <picked>/<root>', async () => {
    const written = new Map<string, string>();
    const win = { showDirectoryPicker: async () => fakeDir('exports', written) } as unknown as Window;
    expect(await saveToFolder('demo-elixir', FILES, win)).toBe('exports/demo-elixir');
    expect(Object.fromEntries(written)).toEqual(Object.fromEntries(Object.entries(FILES).map(([p, t]) => [`demo-elixir/${p}`, t])));
  });

  it('returns null when the picker is cancelled, and names the file a write failed on', async () => {
    const cancelled = { showDirectoryPicker: async () => { throw new DOMException('no', 'AbortError'); } } as unknown as Window;
    expect(await saveToFolder('p', FILES, cancelled)).toBeNull();
    const failing = { showDirectoryPicker: async () => fakeDir('x', new Map(), '', 'p/package.json') } as unknown as Window;
    await expect(saveToFolder('p', FILES, failing)).rejects.toThrow('Could not write p/package.json: disk full');
  });
});

describe('dataUrlToBlob', () => {
  it('decodes base64 (PNG) and percent-encoded (SVG) data URLs', async () => {
    const png = dataUrlToBlob('data:image/png;base64,iVBORw0KGgo=');
    expect(png.type).toBe('image/png');
    expect([...new Uint8Array(await png.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = dataUrlToBlob(`data:image/svg+xml;charset=utf-8,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg"><text>a & b</text></svg>')}`);
    expect(svg.type).toBe('image/svg+xml');
    expect(await svg.text()).toBe('<svg xmlns="http://www.w3.org/2000/svg"><text>a & b</text></svg>');
  });
});
