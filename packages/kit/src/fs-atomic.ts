import { closeSync, fsyncSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync, fchmodSync, mkdirSync, constants } from "node:fs";
import { basename, dirname, join } from "node:path";


export interface AtomicWriteOptions {
  /** File mode for the new file (e.g. 0o600 for secrets). Default: the existing file's mode, else 0o644. */
  mode?: number;
  /** Create the parent directory (mode 0700) when missing. */
  mkdir?: boolean;
  /** fsync the file and its directory (default true). Off for caches: a lost write only costs speed. */
  durable?: boolean;
}

/**
 * Writes a file so that a crash at any moment leaves either the old or the new content
 * (CONTRACT.md §5): temp file in the same directory, fsync, rename over, fsync the directory.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  if (options.mkdir) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const mode = options.mode ?? existingMode(path) ?? 0o644;
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`); // see isAtomicTempFor
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    // The umask may have narrowed the mode given to open(); set it exactly.
    fchmodSync(fd, mode);
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    if (options.durable !== false) fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    safeUnlink(tmp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    safeUnlink(tmp);
    throw err;
  }
  if (options.durable !== false) fsyncDir(dir);
}

/**
 * Writes a cache file: atomic (a reader never sees half of it) but not fsynced, 0600 in a 0700
 * folder, and never an error: a cache only saves time, so a failed write returns false and the
 * next run tries again. Temp files of writers killed before their rename (older than a minute)
 * are removed.
 */
export function writeCacheFileSync(path: string, data: string | Uint8Array): boolean {
  try {
    writeFileAtomicSync(path, data, { mode: 0o600, mkdir: true, durable: false });
  } catch {
    return false;
  }
  try {
    const dir = dirname(path);
    for (const name of readdirSync(dir)) {
      if (isAtomicTempFor(name, path) && statSync(join(dir, name)).mtimeMs < Date.now() - 60_000) safeUnlink(join(dir, name));
    }
  } catch {
    // a sweep that fails leaves litter for the next one
  }
  return true;
}

/**
 * True when `name` is a temp file that {@link writeFileAtomicSync} left beside `target` (a write
 * killed before its rename), so a later run can remove it without guessing the naming.
 */
export function isAtomicTempFor(name: string, target: string): boolean {
  const prefix = `.${basename(target)}.`;
  return name.startsWith(prefix) && /^\d+\.[a-z0-9]+\.tmp$/.test(name.slice(prefix.length));
}

/** fsyncs a directory so a rename in it is durable; some filesystems refuse, which is harmless. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // EINVAL/EISDIR on filesystems that cannot fsync a directory: nothing more to do.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function existingMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}

function safeUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
