// electron-builder afterPack hook: flip the production fuses (fuses.mjs) in the packaged Electron binary, before
// signing. Set STUDIO_TEST_BUILD=1 to keep the inspector fuse on for a build that Playwright will drive.
import { flipFuses } from '@electron/fuses';
import { join } from 'node:path';
import process from 'node:process';
import console from 'node:console';
import { fuseConfigFor } from './fuses.mjs';

/** @param {import('app-builder-lib').AfterPackContext} context */
export default async function afterPack(context) {
  const platform = context.electronPlatformName;
  const { productFilename } = context.packager.appInfo;
  const binary =
    platform === 'darwin' || platform === 'mas' ? join(context.appOutDir, `${productFilename}.app`)
      : platform === 'win32' ? join(context.appOutDir, `${productFilename}.exe`)
        : join(context.appOutDir, context.packager.executableName); // LinuxPackager.executableName
  const arm64 = context.arch === 3; // builder-util Arch.arm64
  const testBuild = process.env.STUDIO_TEST_BUILD === '1';
  await flipFuses(binary, fuseConfigFor(platform, { testBuild, arm64 }));
  console.log(`  • fuses flipped in ${binary}${testBuild ? ' (test build: inspector fuse left on)' : ''}`);
}
