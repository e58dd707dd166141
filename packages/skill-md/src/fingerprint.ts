// Owner: the skills-audit work. Interface agreed with monthly-audit; keep it.
import { fstatSync, lstatSync, readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join, sep } from "node:path";
import { FingerprintFeed } from "./fingerprint-feed.ts";
import { changedAtMs, stampOf, type Stamp } from "./stat-stamp.ts";

/** A file that counts toward a skill's fingerprint: its POSIX path relative to the skill folder, and where to read it. */
export interface SkillFile {
  rel: string;
  abs: string;
  /** True for OS junk (`.DS_Store`, `Thumbs.db`, `._*`): in the hermes fingerprint, out of the junk-free one. */
  junk: boolean;
  /** Its size in bytes as read for the fingerprint (set by fingerprintSkillBoth; absent on a bare listing). */
  size?: number;
}

/** The files of a skill folder in hermes-agent's order, plus the symlinks that point out of it (never read). */
export interface SkillFileList {
  files: SkillFile[];
  escapingLinks: string[];
}

/**
 * What a fingerprint cache needs to trust a fingerprint later without reading the files: the stamp
 * (see stampOf) of each folder, taken before listing it, and of each file, taken on the open file
 * before reading it. Whatever changes after either is taken changes the stamp.
 */
export interface SkillStamps {
  /** [folder relative to the skill ("" for the skill folder itself), stamp], in walk order. */
  dirs: [string, Stamp][];
  /** One stamp per file of the fingerprint, in the same order. */
  files: Stamp[];
  /** The latest change (mtime or ctime, ms since the epoch) among them. */
  newestMs: number;
  /** False when the walk met what stamps cannot vouch for (a symlink, an unreadable folder): not to be cached. */
  complete: boolean;
}

// hermes-agent's `_RUNTIME_CACHE_DIRS`: generated state, never part of a skill's identity.
const RUNTIME_CACHE_DIRS = new Set(["__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"]);

/** True for a file name that operating systems litter into folders (`.DS_Store`, `Thumbs.db`, AppleDouble `._*`). */
export function isJunkName(name: string): boolean {
  return name === ".DS_Store" || name === "Thumbs.db" || name.startsWith("._");
}

/**
 * Lists the regular files of a skill folder exactly as hermes-agent's `_dir_hash` visits them:
 * Python's `sorted(dir.rglob("*"))` order (part by part, by code point), symlinked directories
 * not descended, symlinks to files read through (like `Path.is_file()`), runtime caches and a
 * `.pyc`/`.pyo` beside its `.py` skipped. One deliberate difference: a symlink that resolves
 * outside the folder is never read; it is listed in `escapingLinks` instead.
 */
export function listSkillFiles(dir: string): SkillFileList {
  const out: SkillFileList = { files: [], escapingLinks: [] };
  // Part-by-part order is a depth-first walk with each folder's entries sorted by name (a folder
  // sorts before its own contents, and all of them before its next sibling), so no global sort.
  walk(dir, "", { root: undefined, dir }, out);
  out.escapingLinks.sort();
  return out;
}

/** The hermes-agent-compatible MD5 of a skill folder (see ../shared/spec/skills.md); `ignoreJunk` leaves OS junk out. */
export function fingerprintSkill(dir: string, options: { ignoreJunk?: boolean } = {}): string {
  return fingerprintFiles(listSkillFiles(dir).files, options);
}

/**
 * Both fingerprints of a skill folder from one read of its files: `hermes` (the manifest's) and
 * `clean` (junk-free), plus the bytes of its top-level SKILL.md so callers need not read it again
 * (undefined when it has none, or when it is too big to keep: read it again then). With `stamps`,
 * also the stat stamps of what it listed and read (one more stat per folder and per file).
 */
export function fingerprintSkillBoth(dir: string, options: { stamps?: boolean } = {}): { hermes: string; clean: string; files: SkillFile[]; escapingLinks: string[]; skillMd: Buffer | undefined; stamps?: SkillStamps } {
  const stamps: SkillStamps | undefined = options.stamps ? { dirs: [], files: [], newestMs: 0, complete: true } : undefined;
  const list: SkillFileList = { files: [], escapingLinks: [] };
  walk(dir, "", { root: undefined, dir, stamps }, list);
  list.escapingLinks.sort();
  const feed = new FingerprintFeed();
  const onOpen = stamps && ((fd: number) => {
    const st = fstatSync(fd);
    stamps.files.push(stampOf(st));
    stamps.newestMs = Math.max(stamps.newestMs, changedAtMs(st));
  });
  let skillMd: Buffer | undefined;
  for (const f of list.files) {
    f.size = feed.addFile(f.rel, f.abs, f.junk, onOpen);
    if (f.rel === "SKILL.md") skillMd = feed.lastFileBytes();
  }
  return { ...feed.digests(), ...list, skillMd, ...(stamps ? { stamps } : {}) };
}

/** MD5 over (relative path, bytes) of each file in order; the core of the fingerprint. */
export function fingerprintFiles(files: readonly SkillFile[], options: { ignoreJunk?: boolean } = {}): string {
  const feed = new FingerprintFeed();
  for (const f of files) {
    if (options.ignoreJunk && f.junk) continue;
    feed.addFile(f.rel, f.abs, false);
  }
  return feed.digests().hermes;
}

/** Python's PurePosixPath ordering: part lists compared element-wise, each part by code point. */
export function compareParts(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareCodePoints(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

const SURROGATE = /[\ud800-\udfff]/;

function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  // JS `<` compares UTF-16 code units, which misorders astral characters against U+E000..U+FFFF;
  // UTF-8 byte order equals code point order.
  if (SURROGATE.test(a) || SURROGATE.test(b)) return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
  return a < b ? -1 : 1;
}

interface WalkCtx {
  /** The skill folder's real path, resolved on the first symlink met (most skills have none). */
  root: string | undefined;
  dir: string;
  stamps?: SkillStamps | undefined;
}

function walk(dir: string, rel: string, ctx: WalkCtx, out: SkillFileList): void {
  if (ctx.stamps) stampFolder(dir, rel, ctx.stamps);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    if (ctx.stamps) ctx.stamps.complete = false;
    return; // hermes suppresses OSError the same way: an unreadable folder contributes nothing
  }
  if (entries.length > 1) {
    const astral = entries.some((e) => SURROGATE.test(e.name));
    entries.sort(astral ? (a, b) => compareCodePoints(a.name, b.name) : (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  let names: Set<string> | undefined;
  for (const entry of entries) {
    // Plain concatenation: `dir` is already absolute and normal, and path.join's normalising of
    // 10,000 paths showed up in profiles.
    const abs = `${dir}${sep}${entry.name}`;
    const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!RUNTIME_CACHE_DIRS.has(entry.name)) walk(abs, childRel, ctx, out);
      continue;
    }
    if (entry.isSymbolicLink()) {
      // What a link resolves to can change without any stamp here changing.
      if (ctx.stamps) ctx.stamps.complete = false;
      ctx.root ??= realpathOrSelf(ctx.dir);
      const target = linkTarget(abs);
      if (target === undefined) continue; // dangling: not a file to Python either
      if (target.path !== ctx.root && !target.path.startsWith(ctx.root + sep)) {
        out.escapingLinks.push(childRel);
        continue;
      }
      if (!target.isFile) continue; // rglob does not descend symlinked directories
    } else if (!entry.isFile()) {
      continue;
    }
    if (entry.name.endsWith(".pyc") || entry.name.endsWith(".pyo")) {
      names ??= new Set(entries.map((e) => e.name));
      if (isBytecodeBesideSource(entry.name, names, dir)) continue;
    }
    out.files.push({ rel: childRel, abs, junk: isJunkName(entry.name) });
  }
}

function stampFolder(dir: string, rel: string, stamps: SkillStamps): void {
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) throw new Error("not a folder");
    stamps.dirs.push([rel, stampOf(st)]);
    stamps.newestMs = Math.max(stamps.newestMs, changedAtMs(st));
  } catch {
    stamps.complete = false;
  }
}

function isBytecodeBesideSource(name: string, siblings: Set<string>, dir: string): boolean {
  const dot = name.lastIndexOf(".");
  // Python's `Path.suffix` is empty for a bare dotfile like `.pyc`.
  if (dot <= 0) return false;
  const suffix = name.slice(dot);
  if (suffix !== ".pyc" && suffix !== ".pyo") return false;
  const py = `${name.slice(0, dot)}.py`;
  if (!siblings.has(py)) return false;
  try {
    return statSync(join(dir, py)).isFile();
  } catch {
    return false;
  }
}

function linkTarget(path: string): { path: string; isFile: boolean } | undefined {
  try {
    const real = realpathSync.native(path);
    return { path: real, isFile: statSync(real).isFile() };
  } catch {
    return undefined;
  }
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}
