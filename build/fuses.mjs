// Electron fuses for production builds, flipped in the packaged binary by the afterPack hook (after-pack.mjs).
// Fuses are bits compiled into the Electron binary that switch features off for good, whatever the environment.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/**
 * The fuse settings for one packaged platform.
 * `testBuild` keeps `EnableNodeCliInspectArguments` on: Playwright's `_electron.launch` starts the app with
 * `--inspect=0` and drives the main process through the Node inspector, so a build for Electron e2e tests needs it.
 * Nothing else differs between test and production builds.
 *
 * @param {string} platform electron-builder's platform (`darwin`, `win32`, `linux`, `mas`)
 * @param {{ testBuild?: boolean, arm64?: boolean }} [options]
 */
export function fuseConfigFor(platform, options = {}) {
  const mac = platform === 'darwin' || platform === 'mas';
  // ASAR integrity is checked by Electron on macOS (>=16) and Windows (>=30) only; on Linux the bit does nothing.
  const asarIntegrity = mac || platform === 'win32';
  return {
    version: FuseVersion.V1,
    // Unsigned arm64 macOS binaries must be re-signed ad hoc after the flip or they will not start.
    resetAdHocDarwinSignature: mac && options.arm64 === true,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: options.testBuild === true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: asarIntegrity,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // The renderer is served from app://, never file://, so file:// pages need no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}
