// File picking in the browser: the File System Access API where the browser has it (Chromium), otherwise an
// `<input type=file>` upload and a download link.

export interface WritableLike {
  write(data: string): Promise<void>;
  close(): Promise<void>;
}

export interface FileHandleLike {
  readonly name: string;
  getFile(): Promise<{ text(): Promise<string> }>;
  createWritable(): Promise<WritableLike>;
  queryPermission?(opts: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
  requestPermission?(opts: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
}

export interface PickedFile {
  name: string;
  text: string;
  handle?: FileHandleLike;
}

export interface FilePicker {
  /** true when pickSave gives a writable handle (File System Access API). */
  readonly canPickSave: boolean;
  pickOpen(): Promise<PickedFile | null>;
  pickSave(suggestedName: string): Promise<FileHandleLike | null>;
  write(handle: FileHandleLike, text: string): Promise<void>;
  download(name: string, text: string): void;
}

const TYPES = [{ description: 'Supervision tree design', accept: { 'application/json': ['.suptree', '.json'] } }];

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

async function writeHandle(handle: FileHandleLike, text: string) {
  const w = await handle.createWritable();
  try {
    await w.write(text);
  } finally {
    await w.close();
  }
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function uploadPick(): Promise<PickedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.suptree,.json,application/json';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const f = input.files?.[0];
      input.remove();
      if (!f) return resolve(null);
      f.text().then((text) => resolve({ name: f.name, text }), reject);
    });
    input.addEventListener('cancel', () => { input.remove(); resolve(null); });
    document.body.append(input);
    input.click();
  });
}

type FsaWindow = Window & {
  showOpenFilePicker?: (o: unknown) => Promise<FileHandleLike[]>;
  showSaveFilePicker?: (o: unknown) => Promise<FileHandleLike>;
};

export function browserFilePicker(win: FsaWindow = window): FilePicker {
  const fsa = typeof win.showOpenFilePicker === 'function' && typeof win.showSaveFilePicker === 'function';
  return {
    canPickSave: fsa,
    async pickOpen() {
      if (!fsa) return uploadPick();
      try {
        const [handle] = await win.showOpenFilePicker!({ types: TYPES, multiple: false });
        const text = await (await handle.getFile()).text();
        return { name: handle.name, text, handle };
      } catch (e) {
        if (isAbort(e)) return null;
        throw e;
      }
    },
    async pickSave(suggestedName) {
      if (!fsa) return null;
      try {
        return await win.showSaveFilePicker!({ types: TYPES, suggestedName });
      } catch (e) {
        if (isAbort(e)) return null;
        throw e;
      }
    },
    write: writeHandle,
    download,
  };
}
