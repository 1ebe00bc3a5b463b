// Saving an export in the browser: one file is a download; a project (several files under folders) goes into a
// folder the user picks with the File System Access API where the browser has it, or into a .zip download (fflate).
// The desktop app saves through its host instead (Host.saveExportToFolder / saveExportFile, native dialogs).
import { strToU8, zipSync } from 'fflate';

export type ExportFiles = Record<string, string>;

/** Downloads a Blob under `name` through a temporary link. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The files as a zip archive, every path under the folder `root`. */
export function zipFiles(root: string, files: ExportFiles): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [path, text] of Object.entries(files)) entries[`${root}/${path}`] = strToU8(text);
  return zipSync(entries, { level: 6 });
}

export function downloadZip(root: string, files: ExportFiles): string {
  const name = `${root}.zip`;
  downloadBlob(name, new Blob([zipFiles(root, files) as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  return name;
}

interface DirHandle {
  name: string;
  getDirectoryHandle(name: string, o: { create: boolean }): Promise<DirHandle>;
  getFileHandle(name: string, o: { create: boolean }): Promise<{ createWritable(): Promise<{ write(d: string): Promise<void>; close(): Promise<void> }> }>;
}
type DirWindow = Window & { showDirectoryPicker?: (o?: { mode?: 'readwrite'; id?: string }) => Promise<DirHandle> };

/**
 * Whether this browser can write a folder (File System Access API). Not in the desktop app (the preload's
 * `studioDesktop` is there): its window denies permission requests; the desktop host's `saveExportToFolder`
 * (a native folder picker in the main process) is used there instead.
 */
export const canPickFolder = (win: Window = window) =>
  typeof (win as DirWindow).showDirectoryPicker === 'function' && !('studioDesktop' in win);

/**
 * Asks for a folder and writes the files into `<folder>/<root>/…`. Returns the written folder's name, or null when
 * the user cancelled the picker. Errors on writing are thrown with the file they happened on.
 */
export async function saveToFolder(root: string, files: ExportFiles, win: Window = window): Promise<string | null> {
  let parent: DirHandle;
  try {
    parent = await (win as DirWindow).showDirectoryPicker!({ mode: 'readwrite', id: 'studio-export' });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return null;
    throw e;
  }
  const top = await parent.getDirectoryHandle(root, { create: true });
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/').filter(Boolean);
    let dir = top;
    for (const d of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(d, { create: true });
    try {
      const w = await (await dir.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
      await w.write(text);
      await w.close();
    } catch (e) {
      throw new Error(`Could not write ${root}/${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
  return `${parent.name}/${root}`;
}

/** A data URL's content: bytes when it is base64 (PNG), text when percent-encoded (as html-to-image writes SVG). */
export function dataUrlContent(url: string): { type: string; content: string | Uint8Array } {
  const comma = url.indexOf(',');
  const head = url.slice(5, comma);
  const body = url.slice(comma + 1);
  const type = head.split(';')[0] || 'application/octet-stream';
  if (head.endsWith(';base64')) return { type, content: Uint8Array.from(atob(body), (c) => c.charCodeAt(0)) };
  return { type, content: decodeURIComponent(body) };
}

/** A data URL's bytes or text as a Blob. */
export function dataUrlToBlob(url: string): Blob {
  const { type, content } = dataUrlContent(url);
  return new Blob([content as string | Uint8Array<ArrayBuffer>], { type });
}
