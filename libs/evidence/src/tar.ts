/**
 * The few parts of POSIX ustar (POSIX.1-1988, as GNU and BSD tar read it) an evidence archive needs:
 * regular files only, sizes known in advance, one fixed mtime. Kept here rather than taken from a
 * package so that the writer and the offline verifier read the same ~100 lines byte for byte, and
 * the archive stays something any `tar` can unpack for a court or a defence expert.
 */

export const BLOCK = 512;
/** ustar's size field: 11 octal digits. */
export const MAX_TAR_FILE_SIZE = 8 ** 11 - 1;

export class TarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarFormatError';
  }
}

/** Safe archive paths only: relative, no `..`, no empty segments, a portable character set. */
export function checkArchivePath(path: string): void {
  if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(path) || path.split('/').some((s) => s === '.' || s === '..')) {
    throw new TarFormatError(`archive path ${JSON.stringify(path)} must be relative, without "." or "..", using A-Z a-z 0-9 . _ - /`);
  }
}

/** ustar keeps names up to 100 bytes, or a prefix of up to 155 bytes plus "/" plus a name of up to 100. */
function splitName(path: string): { prefix: string; name: string } {
  if (path.length <= 100) return { prefix: '', name: path };
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i] === '/' && i <= 155 && path.length - i - 1 <= 100) return { prefix: path.slice(0, i), name: path.slice(i + 1) };
  }
  throw new TarFormatError(`archive path ${path} is too long for ustar (at most 155 + 1 + 100 characters, split at a "/")`);
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

export function tarHeader(path: string, size: number, mtime: Date): Buffer {
  checkArchivePath(path);
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_TAR_FILE_SIZE)
    throw new TarFormatError(`size of ${path} out of range: ${size}`);
  const { prefix, name } = splitName(path);
  const h = Buffer.alloc(BLOCK, 0);
  h.write(name, 0, 100, 'ascii');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'ascii');
  h.write(octal(checksum(h), 7) + ' ', 148, 'ascii');
  return h;
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum;
}

/** Zero bytes that bring a file's data up to a whole block. */
export function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK, 0);
}

/** Two zero blocks end an archive. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK, 0);

/** Bytes one file takes in the archive: header plus data padded to a block. */
export function tarEntryBytes(size: number): number {
  return BLOCK + size + padding(size).length;
}

export interface TarHeaderInfo {
  path: string;
  size: number;
  type: string;
}

const field = (h: Buffer, offset: number, length: number) => {
  const raw = h.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('ascii');
};

/** Reads one header block; null for a zero block (the end of the archive). */
export function parseTarHeader(h: Buffer): TarHeaderInfo | null {
  if (h.every((b) => b === 0)) return null;
  const name = field(h, 0, 100);
  const prefix = field(h, 345, 155);
  const path = prefix ? `${prefix}/${name}` : name;
  const stored = parseInt(field(h, 148, 8).trim(), 8);
  if (stored !== checksum(h)) throw new TarFormatError(`the header of ${JSON.stringify(path)} is damaged (checksum differs)`);
  const sizeText = field(h, 124, 12).trim();
  if (!/^[0-7]+$/.test(sizeText)) throw new TarFormatError(`the header of ${JSON.stringify(path)} has no readable size`);
  return { path, size: parseInt(sizeText, 8), type: field(h, 156, 1) || '0' };
}
