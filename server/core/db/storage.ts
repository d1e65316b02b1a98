import { accessSync, constants, existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors.ts';

/** Below this much free space the server reports its storage as full: SQLite and uploads fail soon after. */
const LOW_SPACE_BYTES = 16 * 1024 * 1024;

/** SQLite's "database or disk is full" and the file system's ENOSPC (an attachment being written). */
export function isStorageFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

export function storageFullError(): AppError {
  return new AppError('storage_full', 'the server has run out of storage; nothing was saved (staff: free disk space)');
}

export async function lowOnSpace(path: string): Promise<boolean> {
  try {
    const fs = await statfs(dirname(path));
    return fs.bavail * fs.bsize < LOW_SPACE_BYTES;
  } catch {
    return false;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * SQLite says only "unable to open database file" when the file, or the folder that must hold its -wal and -shm
 * files, cannot be written: name the read-only one, so whoever starts the server knows what to fix.
 */
export function explainOpenError(error: unknown, path: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'SQLITE_CANTOPEN' && code !== 'SQLITE_READONLY') return error;
  const folder = dirname(path);
  const readOnly = existsSync(path) && !writable(path) ? path : existsSync(folder) && !writable(folder) ? folder : null;
  if (!readOnly) return error;
  return new Error(
    `the database ${readOnly === path ? 'file' : 'folder'} ${readOnly} is read-only: the server must be able to write ${path} and create its -wal and -shm files beside it (check the owner, the permissions and whether the disk is mounted read-only)`,
    { cause: error },
  );
}
