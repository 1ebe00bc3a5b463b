// One sentence for people saying why a file operation failed (the CLI's twin of electron/main/fs-like.ts, which the
// cli layer may not import). Used so that a full or read-only disk is one line naming the problem, not a stack trace.

/** The errno code of a file-system error, if any. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export function describeFsError(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOSPC': return 'the disk is full';
    case 'EDQUOT': return 'the disk quota is exceeded';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EROFS': return 'the disk is read-only';
    case 'ENOENT': return 'the file or its folder does not exist';
    case 'EISDIR': return 'it is a folder, not a file';
    case 'EBUSY': return 'the file is in use by another program';
    case 'ENOTDIR': return 'a file is in the way of a folder';
    case 'ENAMETOOLONG': return 'the path is too long';
    case 'EMFILE': case 'ENFILE': return 'too many files are open';
    case 'EIO': return 'the disk reported an input/output error';
    default: return error instanceof Error ? error.message.split('\n')[0] : String(error).split('\n')[0];
  }
}

/** True for an error from the operating system (it has an errno code such as ENOSPC), as opposed to a bug. */
export const isSystemError = (error: unknown): boolean => /^E[A-Z]+$/.test(errorCode(error) ?? '');
