// The one list of IPC channels with argument/result schemas (filled by the foundation work).
export const CHANNELS = {} as const;
