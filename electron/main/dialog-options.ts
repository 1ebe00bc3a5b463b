// Options for the native save dialogs, as plain functions (tested without Electron).
// - A name the page suggests is reduced to a safe base name: the page never picks the folder, a hidden file, or a
//   name with separators or control characters.
// - `showOverwriteConfirmation`: Linux (GTK) asks before replacing a file only with this flag; macOS and Windows
//   always ask.
import { DOCUMENT_EXTENSION } from '../contract';

// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const FORBIDDEN = /[<>:"|?*\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/** The last path segment of `suggested`, cleaned; `fallback` when nothing usable is left. */
export function safeBaseName(suggested: string | undefined, fallback: string): string {
  const last = (suggested ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = last.replace(FORBIDDEN, '').replace(/^[.\s]+/, '').replace(/[.\s]+$/, '').slice(0, 200);
  if (!cleaned || RESERVED.test(cleaned)) return fallback;
  return cleaned;
}

/** The name offered in Save As for a design: a safe base name ending in `.suptree`. */
export function documentSaveName(suggested: string | undefined): string {
  const ext = `.${DOCUMENT_EXTENSION}`;
  const base = safeBaseName(suggested, `Untitled${ext}`);
  return base.toLowerCase().endsWith(ext) ? base : `${base}${ext}`;
}

export interface SaveDialogOptions {
  title?: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('showOverwriteConfirmation' | 'createDirectory' | 'showHiddenFiles')[];
}

export function saveDialogOptions(defaultName: string, filters: SaveDialogOptions['filters'], title?: string): SaveDialogOptions {
  return {
    ...(title ? { title } : {}),
    defaultPath: safeBaseName(defaultName, 'Untitled'),
    filters,
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
}
