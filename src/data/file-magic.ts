/**
 * What a data file's first bytes say it is, checked before a converter reads it: a file whose
 * extension lies (a CSV renamed .xlsx, an .xls renamed .xlsx, a truncated download) gets a
 * message that says what it is and what to do, not a zip or Thrift library's stack trace.
 */
import { open } from 'node:fs/promises';
import { SpmError } from '../errors.js';

const ZIP = [0x50, 0x4b, 0x03, 0x04] as const;
/** An OLE compound file: a legacy .xls, or an encrypted OOXML workbook (Office wraps those in one). */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;
const PAR1 = [0x50, 0x41, 0x52, 0x31] as const;
/** The stream name an encrypted OOXML file's compound file holds (MS-OFFCRYPTO 2.3.4), as UTF-16 LE. */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean => magic.every((b, i) => bytes[at + i] === b);

/** A file's first and last `n` bytes (fewer when it is shorter), and its size. */
export async function fileEnds(path: string, n: number): Promise<{ head: Buffer; tail: Buffer; size: number }> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const head = Buffer.alloc(Math.min(n, size));
    await file.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(n, size));
    await file.read(tail, 0, tail.length, size - tail.length);
    return { head, tail, size };
  } finally {
    await file.close();
  }
}

/**
 * Checks that `head` (the first bytes of `name`) starts an .xlsx workbook (a zip archive).
 * `whole`: the file's bytes, read only when it is a compound file, to tell an encrypted workbook from an .xls.
 */
export async function checkXlsxMagic(name: string, head: Uint8Array, whole: () => Promise<Uint8Array>): Promise<void> {
  if (startsWith(head, ZIP)) return;
  if (startsWith(head, CFB)) {
    if (Buffer.from(await whole()).includes(ENCRYPTION_INFO)) {
      throw new SpmError('INPUT_UNSUPPORTED', `${name} is a password-protected (encrypted) workbook: its cells cannot be read`, {
        hint: 'open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password: empty), save it as .xlsx, then use that file',
      });
    }
    throw new SpmError('INPUT_UNSUPPORTED', `${name} is a legacy Excel 97-2003 workbook (.xls format) named .xlsx`, {
      hint: 'open it in Excel (or LibreOffice) and save it as .xlsx or CSV, then use that file',
    });
  }
  throw new SpmError('INPUT_CORRUPT', `${name} is not an Excel workbook: an .xlsx file is a zip archive, and this one does not start like one`, {
    hint: 'if it is CSV text, rename it to .csv; otherwise save it again from Excel as .xlsx',
  });
}

/** Checks that a Parquet file starts and ends with its magic bytes (PAR1). */
export function checkParquetMagic(name: string, head: Uint8Array, tail: Uint8Array, size: number): void {
  if (size >= 12 && startsWith(head, PAR1) && startsWith(tail, PAR1, tail.length - 4)) return;
  throw new SpmError('INPUT_CORRUPT', `${name} is not a Parquet file: it does not start and end with the Parquet magic bytes (PAR1)${size > 0 && size < 12 ? ' (it is too short)' : ''}`, {
    hint: 'if it is CSV text, rename it to .csv; if it was downloaded or copied, it may be cut short: fetch it again',
  });
}
