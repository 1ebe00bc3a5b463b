import type { FuseV1Config } from '@electron/fuses';
export declare function fuseConfigFor(platform: string, options?: { testBuild?: boolean; arm64?: boolean }): FuseV1Config;
