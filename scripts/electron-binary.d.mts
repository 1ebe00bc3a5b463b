export declare function findElectronBinary(): { path: string } | { missing: string };
export declare const MISSING_BINARY_REASON: string;
