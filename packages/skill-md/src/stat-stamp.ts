import { hash } from "node:crypto";
import { lstatSync, type BigIntStats } from "node:fs";
import { sep } from "node:path";

/**
 * A file's or folder's identity and version as stat reports it, as git's index keys a file:
 * device, inode, size, mtime and ctime (ns). The same stamp means the same inode, unchanged since:
 * for a folder, the same entries; for a file, the same bytes (ctime cannot be set back by hand).
 */
export type Stamp = readonly [dev: bigint, ino: bigint, size: bigint, mtimeNs: bigint, ctimeNs: bigint];

/** The stamp of a stat. */
export function stampOf(st: BigIntStats): Stamp {
  return [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs];
}

/** When a stat's object last changed (the later of mtime and ctime), in ms since the epoch. */
export function changedAtMs(st: BigIntStats): number {
  return Number((st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs) / 1_000_000n);
}

/** One MD5 (hex) over a list of stamps, in order: equal digests, equal stamps. */
export function digestStamps(stamps: readonly Stamp[]): string {
  // Raw 64-bit values (a BigInt64Array wraps the unsigned ones), hashed at once: no number is formatted.
  const values = new BigInt64Array(stamps.length * 5);
  let i = 0;
  for (const s of stamps) for (const v of s) values[i++] = v;
  return hash("md5", values, "hex");
}

/**
 * The current stamps of folders and then regular files under `dir` (paths relative to it, "" for
 * `dir` itself), in order; undefined as soon as one is gone or is no longer a folder / regular file.
 * Symlinks are not followed.
 */
export function currentStamps(dir: string, dirs: readonly string[], files: readonly string[]): Stamp[] | undefined {
  const out: Stamp[] = [];
  for (const rel of dirs) {
    const st = lstatOrUndefined(rel === "" ? dir : `${dir}${sep}${toNative(rel)}`);
    if (!st?.isDirectory()) return undefined;
    out.push(stampOf(st));
  }
  for (const rel of files) {
    const st = lstatOrUndefined(`${dir}${sep}${toNative(rel)}`);
    if (!st?.isFile()) return undefined;
    out.push(stampOf(st));
  }
  return out;
}

function lstatOrUndefined(path: string): BigIntStats | undefined {
  try {
    return lstatSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

const toNative = (rel: string) => (sep === "/" ? rel : rel.replaceAll("/", sep));
