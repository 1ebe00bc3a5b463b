// The runtime package and the dev tools' lockfile entries, built into the app (scripts/vite-runtime-package.ts).
declare module 'virtual:runtime-package' {
  const bundle: { files: Record<string, string>; lock: Record<string, { version?: string; [field: string]: unknown }> };
  export default bundle;
}
