/** The file-system error codes the store acts on, read the same way everywhere in it. */
export const errorCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

export const isNotFound = (e: unknown): boolean => errorCode(e) === 'ENOENT';

/** A rename onto a folder that already exists (a version or the lock another process made first). */
export const isOccupied = (e: unknown): boolean => errorCode(e) === 'ENOTEMPTY' || errorCode(e) === 'EEXIST';
