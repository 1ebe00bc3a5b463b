// The package-lock.json of an exported TypeScript project. Its dev tools (tsx, typescript) are pinned to the exact
// versions the studio itself installed, with their whole dependency closure copied from the studio's own lockfile
// (resolved URL + integrity), so `npm install` takes them from npm's cache when it has them — offline — and from the
// registry otherwise; the runtime is the vendored folder (a `file:` link). Pure: the caller passes the studio's
// lockfile `packages` map (the CLI reads package-lock.json; the app gets the closure at build time).

/** One entry of a lockfile's `packages` map (only the fields this needs). */
export interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [field: string]: unknown;
}
export type LockPackages = Readonly<Record<string, LockEntry>>;

/** The dev tools every exported project uses. */
export const DEV_TOOLS = ['tsx', 'typescript'] as const;

/** `name` as `from` (a `node_modules/…` key, '' for the root) resolves it: the nearest node_modules up the path. */
function resolveKey(packages: LockPackages, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const key = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[key]) return key;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

/** The lockfile entries of `roots` and everything they depend on (optional dependencies included, since npm skips
 *  the ones for other platforms itself), re-rooted at the top-level node_modules and marked `dev`. */
export function toolClosure(packages: LockPackages, roots: readonly string[] = DEV_TOOLS): Record<string, LockEntry> {
  const out: Record<string, LockEntry> = {};
  const visit = (from: string, name: string) => {
    const key = resolveKey(packages, from, name);
    if (!key || out[key]) return;
    const entry: LockEntry = { ...packages[key], dev: true };
    delete entry.devOptional;
    delete entry.peer;
    out[key] = entry;
    for (const d of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) visit(key, d);
  };
  for (const r of roots) visit('', r);
  // only what lives under the top-level node_modules (a nested copy stays nested under its parent's key)
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** The exported project's package-lock.json. */
export function projectLock(opts: {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines?: Record<string, string>;
  /** The vendored runtime: its folder (relative) and its package.json. */
  vendor?: { dir: string; pkg: { name: string; version: string; license?: string; engines?: Record<string, string> } };
  tools: Record<string, LockEntry>;
}): string {
  const packages: Record<string, unknown> = {
    '': { name: opts.name, version: opts.version, dependencies: opts.dependencies, devDependencies: opts.devDependencies, ...(opts.engines && { engines: opts.engines }) },
  };
  if (opts.vendor) {
    const { dir, pkg } = opts.vendor;
    packages[`node_modules/${pkg.name}`] = { resolved: dir, link: true };
    packages[dir] = { name: pkg.name, version: pkg.version, ...(pkg.license && { license: pkg.license }), ...(pkg.engines && { engines: pkg.engines }) };
  }
  Object.assign(packages, opts.tools);
  return `${JSON.stringify({ name: opts.name, version: opts.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}
