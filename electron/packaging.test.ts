// The production fuses, flipped by the electron-builder afterPack hook in a stand-in Electron binary (a file with
// the fuse sentinel and wire, which is all @electron/fuses reads and writes).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
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

describe('installer contents (electron-builder.yml)', () => {
  const root = join(__dirname, '..');
  const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8');

  it('ships the license texts of every bundled dependency that is not under a permissive license', () => {
    const block = /^extraResources:\n((?:[ -].*\n)+)/m.exec(yml)?.[1] ?? '';
    const froms = [...block.matchAll(/from: (\S+)/g)].map((m) => m[1]);
    // the licenses, and the live BEAM bridge's Elixir scripts (electron/main/live-bridge.ts runs them)
    expect(froms).toEqual(['build/licenses', 'THIRD_PARTY_NOTICES.md', 'bridge']);
    for (const f of froms) expect(() => readFileSync(join(root, f === 'build/licenses' ? 'build/licenses/libavoid-js-LGPL-2.1.txt' : f === 'bridge' ? 'bridge/host.exs' : f))).not.toThrow();
    expect(yml).toMatch(/- from: bridge\n\s+to: bridge\n\s+filter: \["host\.exs", "agent\.ex"\]/);
    // every production dependency whose license is not permissive is named in the notices, with its text shipped
    const permissive = /^(MIT|ISC|BSD-[23]-Clause|Apache-2\.0|0BSD|BlueOak-1\.0\.0)$/;
    const notices = readFileSync(join(root, 'THIRD_PARTY_NOTICES.md'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const licensesDir = readdirSync(join(root, 'build/licenses'));
    for (const dep of Object.keys(pkg.dependencies)) {
      const meta = JSON.parse(readFileSync(join(root, 'node_modules', dep, 'package.json'), 'utf8')) as { license?: string };
      if (meta.license && permissive.test(meta.license)) continue;
      expect(notices, `${dep} (${meta.license}) is not in THIRD_PARTY_NOTICES.md`).toContain(`| ${dep} (`);
      expect(licensesDir.some((f) => f.startsWith(`${dep}-`)), `no license text for ${dep} in build/licenses`).toBe(true);
    }
  });
});

describe('a quiet npm install on the oldest Node we support', () => {
  // npm prints EBADENGINE for every installed package whose `engines.node` the running Node does not satisfy; a
  // newcomer should not have to learn to ignore those. Checked against the lowest Node our `engines` allows.
  const root = join(import.meta.dirname, '..');
  const semver = createRequire(import.meta.url)('semver') as { satisfies: (v: string, r: string) => boolean; minVersion: (r: string) => { version: string } };
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }> };

  it('no locked package asks for a newer Node than package.json engines', () => {
    // the oldest version of each major line the range admits (20.19.0 and 22.13.0 for "^20.19.0 || >=22.13.0")
    for (const oldest of pkg.engines.node.split('||').map((r) => semver.minVersion(r.trim()).version)) {
    const wanting = Object.entries(lock.packages)
      .filter(([path, p]) => path && !Array.isArray(p.engines) && p.engines?.node && !semver.satisfies(oldest, p.engines.node))
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')} wants node ${(p.engines as { node: string }).node}`);
    expect(wanting, `oldest supported Node ${oldest}`).toEqual([]);
    }
  });
});
