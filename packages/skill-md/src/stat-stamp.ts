import { hash } from "node:crypto";
import { lstatSync } from "node:fs";
import { sep } from "node:path";

/** The stat fields a stamp is made of: an fs.Stats has them, and so has discovery's SkillMdStat. */
export interface StampSource {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/**
 * A file's or folder's identity and version as stat reports it, as git's index keys a file:
 * device, inode, size, mtime and ctime. The same stamp means the same inode, unchanged since: for
 * a folder, the same entries; for a file, the same bytes (ctime cannot be set back by hand).
 * Plain numbers, not BigInts: the times keep sub-microsecond steps, and a BigInt stat costs a
 * dozen heap objects per call on a path that stats every file of every skill.
 */
export type Stamp = readonly [dev: number, ino: number, size: number, mtimeMs: number, ctimeMs: number];

/** The stamp of a stat. */
export function stampOf(st: StampSource): Stamp {
  return [st.dev, st.ino, st.size, st.mtimeMs, st.ctimeMs];
}

/** When a stat's object last changed (the later of mtime and ctime), in ms since the epoch. */
export function changedAtMs(st: StampSource): number {
  return st.mtimeMs > st.ctimeMs ? st.mtimeMs : st.ctimeMs;
}

// One buffer for every digest: five float64 per stamp, hashed as raw bytes (no number is formatted).
let values = new Float64Array(64);

function room(stamps: number): Float64Array {
  if (values.length < stamps * 5) values = new Float64Array(Math.max(stamps * 5, values.length * 2));
  return values;
}

/** One MD5 (hex) over a list of stamps, in order: equal digests, equal stamps. */
export function digestStamps(stamps: readonly Stamp[]): string {
  const v = room(stamps.length);
  let i = 0;
  for (const s of stamps) for (const x of s) v[i++] = x;
  return hash("md5", v.subarray(0, i), "hex");
}

/**
 * The digestStamps of the current stamps of folders and then regular files under `dir` (paths
 * relative to it, "" for `dir` itself), in order, taken straight into the digest buffer; undefined
 * as soon as one is gone or is no longer a folder / regular file. Symlinks are not followed.
 * `known` is a stat the caller already holds for one of the files (discovery's lstat of SKILL.md):
 * used as it is instead of a second lstat.
 */
export function digestCurrentStamps(dir: string, dirs: readonly string[], files: readonly string[], known?: { rel: string; stat: StampSource }): string | undefined {
  const v = room(dirs.length + files.length);
  let i = 0;
  for (let d = 0; d < dirs.length; d++) {
    const rel = dirs[d]!;
    const st = lstatOrUndefined(rel === "" ? dir : `${dir}${sep}${toNative(rel)}`);
    if (!st?.isDirectory()) return undefined;
    i = put(v, i, st);
  }
  for (let f = 0; f < files.length; f++) {
    const rel = files[f]!;
    if (known !== undefined && rel === known.rel) {
      i = put(v, i, known.stat);
      continue;
    }
    const st = lstatOrUndefined(`${dir}${sep}${toNative(rel)}`);
    if (!st?.isFile()) return undefined;
    i = put(v, i, st);
  }
  return hash("md5", v.subarray(0, i), "hex");
}

function put(v: Float64Array, i: number, st: StampSource): number {
  v[i] = st.dev;
  v[i + 1] = st.ino;
  v[i + 2] = st.size;
  v[i + 3] = st.mtimeMs;
  v[i + 4] = st.ctimeMs;
  return i + 5;
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

const toNative = (rel: string) => (sep === "/" ? rel : rel.replaceAll("/", sep));
