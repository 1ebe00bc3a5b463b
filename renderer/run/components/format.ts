// Small formatting helpers shared by the run components.

/** Run time for people: `850 ms`, `12.40 s`. */
export const fmtT = (ms: number): string => (ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

export const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
