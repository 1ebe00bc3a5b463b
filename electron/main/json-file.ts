// Small JSON files in userData (recent files, window state, recovery entries): validated with zod when read,
// written atomically. A missing or malformed file reads as `undefined`, never as an exception.
import { dirname } from 'node:path';
import type { z } from 'zod';
import { atomicWrite } from './atomic';
import type { FsLike } from './fs-like';

export type Log = (message: string, detail?: unknown) => void;

export async function readJsonFile<S extends z.ZodType>(fs: FsLike, path: string, schema: S, log?: Log): Promise<z.output<S> | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    log?.(`ignoring malformed ${path}`, parsed.error.issues);
  } catch (error) {
    log?.(`ignoring unreadable ${path}`, error);
  }
  return undefined;
}

export async function writeJsonFile(fs: FsLike, path: string, value: unknown): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  await atomicWrite(fs, path, JSON.stringify(value, null, 2));
}
