// The production fuses, flipped by the electron-builder afterPack hook in a stand-in Electron binary (a file with
// the fuse sentinel and wire, which is all @electron/fuses reads and writes).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import afterPack from '../build/after-pack.mjs';
import { fuseConfigFor } from '../build/fuses.mjs';
import { tempFolder } from './main/test-support';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = 49, OFF = 48;

function fakeElectron(path: string) {
  // Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, integrity off,
  // only-asar off, browser snapshot off, file:// privileges on.
  writeFileSync(path, Buffer.concat([Buffer.from('ELF...'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001'), Buffer.alloc(8)]));
}

async function fuses(path: string) {
  const wire = await getCurrentFuseWire(path) as unknown as Record<number, number>;
  return (o: FuseV1Options) => wire[o];
}

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => { folder = tempFolder(); });
afterEach(() => { folder.remove(); delete process.env.STUDIO_TEST_BUILD; });

describe('Electron fuses (afterPack)', () => {
  it('a Linux production build: RunAsNode off, cookies encrypted, NODE_OPTIONS and --inspect off, app only from asar', async () => {
    const bin = join(folder.dir, 'supervisor-studio');
    fakeElectron(bin);
    await afterPack({ electronPlatformName: 'linux', appOutDir: folder.dir, arch: 1, packager: { appInfo: { productFilename: 'Supervisor Studio' }, executableName: 'supervisor-studio' } });
    const f = await fuses(bin);
    expect(f(FuseV1Options.RunAsNode)).toBe(OFF);
    expect(f(FuseV1Options.EnableCookieEncryption)).toBe(ON);
    expect(f(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(OFF);
    expect(f(FuseV1Options.EnableNodeCliInspectArguments)).toBe(OFF);
    expect(f(FuseV1Options.OnlyLoadAppFromAsar)).toBe(ON);
    expect(f(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(OFF);
    expect(f(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(OFF); // not supported on Linux
  });

  it('a Windows build also validates ASAR integrity; the binary is <productName>.exe', async () => {
    const bin = join(folder.dir, 'Supervisor Studio.exe');
    fakeElectron(bin);
    await afterPack({ electronPlatformName: 'win32', appOutDir: folder.dir, arch: 1, packager: { appInfo: { productFilename: 'Supervisor Studio' } } });
    expect((await fuses(bin))(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(ON);
  });

  it('a macOS build flips the fuses inside the .app framework', async () => {
    const framework = join(folder.dir, 'Supervisor Studio.app', 'Contents', 'Frameworks', 'Electron Framework.framework');
    mkdirSync(framework, { recursive: true });
    fakeElectron(join(framework, 'Electron Framework'));
    await afterPack({ electronPlatformName: 'darwin', appOutDir: folder.dir, arch: 1, packager: { appInfo: { productFilename: 'Supervisor Studio' } } });
    const f = await fuses(join(folder.dir, 'Supervisor Studio.app'));
    expect(f(FuseV1Options.RunAsNode)).toBe(OFF);
    expect(f(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(ON);
  });

  it('a test build (STUDIO_TEST_BUILD=1) keeps only the inspector fuse on, for Playwright', async () => {
    process.env.STUDIO_TEST_BUILD = '1';
    const bin = join(folder.dir, 'supervisor-studio');
    fakeElectron(bin);
    const before = readFileSync(bin);
    await afterPack({ electronPlatformName: 'linux', appOutDir: folder.dir, arch: 1, packager: { appInfo: { productFilename: 'x' }, executableName: 'supervisor-studio' } });
    const f = await fuses(bin);
    expect(f(FuseV1Options.EnableNodeCliInspectArguments)).toBe(ON);
    expect(f(FuseV1Options.RunAsNode)).toBe(OFF);
    expect(readFileSync(bin).length).toBe(before.length);
  });

  it('differs between production and test builds only in the inspector fuse', () => {
    const prod = fuseConfigFor('linux') as unknown as Record<string, unknown>;
    const test = fuseConfigFor('linux', { testBuild: true }) as unknown as Record<string, unknown>;
    const diff = Object.keys(prod).filter((k) => prod[k] !== test[k]);
    expect(diff).toEqual([String(FuseV1Options.EnableNodeCliInspectArguments)]);
  });
});
