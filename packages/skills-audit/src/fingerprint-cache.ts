import { createHash } from "node:crypto";
import { readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { writeCacheFileSync } from "@wizard-council/kit";
import type { InventoryCaches } from "./inventory.ts";

/**
 * The cache of one skills root: skill folder → its record, kept as the text it is stored as and
 * parsed only when that skill is looked at.
 */
export type RootCache = Map<string, string>;

// The file is records (see cache-record.ts) each ended by an empty field. The first names the
// layout, the build that wrote it and the root; a file written otherwise is ignored and replaced.
// The build matters because a record holds what this build's SKILL.md parser made of the file.
const FORMAT = "skills-audit/fingerprints@1";
declare const __SKILLS_AUDIT_BUILD__: string | undefined;
const BUILD = typeof __SKILLS_AUDIT_BUILD__ === "string" ? __SKILLS_AUDIT_BUILD__ : "unbundled";
const HEADER = (root: string) => [FORMAT, BUILD, root].join("\0");
const SEP = "\0";
const END = "\0\0";

/**
 * A file that changed this recently is not cached yet ("racily clean", as git calls it): a second
 * change within the file system's timestamp granularity (2 s on FAT) could leave its stamp as it
 * was. A later run caches it.
 */
export const RACY_MS = 2000;

/** The cache file of one skills root, in `dir` (named by a hash of the root's path). */
export function cacheFileFor(dir: string, root: string): string {
  return join(dir, `${createHash("md5").update(root).digest("hex").slice(0, 16)}.cache`);
}

/** Reads a root's cache; a missing, unreadable, corrupt or other-layout file is an empty cache (rewritten after the run). */
export function readRootCache(file: string, root: string): RootCache {
  const out: RootCache = new Map();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return out;
  }
  const records = text.split(END);
  if (records[0] !== HEADER(root) || records.pop() !== "") return out;
  for (let i = 1; i < records.length; i++) {
    const record = records[i]!;
    out.set(record.slice(0, record.indexOf(SEP)), record);
  }
  return out;
}

/**
 * Writes a root's cache atomically, not fsynced (the kit's cache write): after a crash the file may
 * be empty or old, which reads as a miss or is caught by the stamps; a failed write is no error.
 */
export function writeRootCache(file: string, root: string, cache: RootCache): void {
  writeCacheFileSync(file, [HEADER(root), ...cache.values(), ""].join(END));
}

/**
 * The folder the fingerprint caches live in: `explicitDir` (`--cache-dir`, `SKILLS_AUDIT_CACHE_DIR`),
 * else `$HERMES_HOME/wizard-council/cache/skills-audit`, or undefined when caching is off:
 * `SKILLS_AUDIT_CACHE` is off/0/false/no, the default folder's HERMES_HOME does not exist (a cache
 * is no reason to create a host's state folder), or the cache would be inside a skills root (it is
 * never written into the target, nor into the source).
 */
export function fingerprintCacheDir(hermesHome: string, roots: readonly string[], env: NodeJS.ProcessEnv, explicitDir?: string): string | undefined {
  if (/^(?:off|0|false|no)$/i.test(env.SKILLS_AUDIT_CACHE ?? "")) return undefined;
  let dir: string;
  if (explicitDir) {
    dir = resolve(explicitDir);
  } else {
    let home: string;
    try {
      home = realpathSync(hermesHome);
      if (!statSync(home).isDirectory()) return undefined;
    } catch {
      return undefined;
    }
    dir = join(home, "wizard-council", "cache", "skills-audit");
  }
  const real = realpathOr(dir);
  for (const root of roots) {
    const rel = relative(realpathOr(root), real);
    if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) return undefined;
  }
  return dir;
}

/** True when `next` holds other records than `before`. */
export function cacheChanged(before: RootCache, next: RootCache): boolean {
  if (before.size !== next.size) return true;
  for (const [dir, record] of next) if (before.get(dir) !== record) return true;
  return false;
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The caches of one audit's two roots, as read, and the folder they go back to. */
export interface AuditCaches extends InventoryCaches {
  dir: string;
  sourceRoot: string;
  targetRoot: string;
}

/**
 * Reads both roots' caches, or undefined when caching is off (see fingerprintCacheDir). `startedMs`
 * is when the audit began, before any file was read: what changed after `startedMs - RACY_MS` is not cached.
 */
export function openAuditCaches(hermesHome: string, roots: { source: string; target: string }, env: NodeJS.ProcessEnv, startedMs: number, explicitDir?: string): AuditCaches | undefined {
  const dir = fingerprintCacheDir(hermesHome, [roots.source, roots.target], env, explicitDir);
  if (dir === undefined) return undefined;
  return {
    dir,
    sourceRoot: roots.source,
    targetRoot: roots.target,
    source: readRootCache(cacheFileFor(dir, roots.source), roots.source),
    target: readRootCache(cacheFileFor(dir, roots.target), roots.target),
    racyAfterMs: startedMs - RACY_MS,
  };
}

/** Writes back each root's cache whose records changed in the run. */
export function saveAuditCaches(opened: AuditCaches, after: { source: RootCache; target: RootCache } | undefined): void {
  if (!after) return;
  if (cacheChanged(opened.source, after.source)) writeRootCache(cacheFileFor(opened.dir, opened.sourceRoot), opened.sourceRoot, after.source);
  if (cacheChanged(opened.target, after.target)) writeRootCache(cacheFileFor(opened.dir, opened.targetRoot), opened.targetRoot, after.target);
}
