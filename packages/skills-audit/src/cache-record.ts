import { currentStamps, digestStamps, type SkillStamps } from "@wizard-council/skill-md";
import type { SkillMeta } from "./skill-print.ts";

/**
 * A skill folder's fingerprints, the folders and files they cover, and one digest of the stat
 * stamps (skill-md's stampOf: device, inode, size, mtime and ctime in ns) those had when they were
 * read. While the same stamps hold, the fingerprints do: git's index rule.
 */
export interface CachedSkill {
  hermes: string;
  clean: string;
  /** Folders relative to the skill ("" for itself), in walk order. */
  dirs: string[];
  /** Files relative to the skill, in fingerprint order, and their sizes. */
  files: [string, number][];
  stamps: string;
  /** What its SKILL.md says, when it was parsed (a source skill). */
  meta?: SkillMeta;
}

// A record is NUL-separated fields (NUL is the one byte a path cannot hold); none is empty, so
// that two NULs can end a record (see fingerprint-cache.ts).
const SEP = "\0";

/** The fingerprints a skill folder was read with, as a cached skill (its SKILL.md facts added if known). */
export function toCachedSkill(fp: { hermes: string; clean: string; files: { rel: string; size?: number }[] }, stamps: SkillStamps, meta: SkillMeta | undefined): CachedSkill {
  return {
    hermes: fp.hermes,
    clean: fp.clean,
    dirs: stamps.dirs.map(([rel]) => rel),
    files: fp.files.map((f) => [f.rel, f.size!]),
    stamps: digestStamps([...stamps.dirs.map(([, s]) => s), ...stamps.files]),
    ...(meta ? { meta } : {}),
  };
}

/** A skill folder's record: its path, then the cached skill. */
export function cacheRecord(dir: string, c: CachedSkill): string {
  // No field may be empty (an empty field ends a record): "" (the skill folder) is stored as ".",
  // no meta as "-"; meta is JSON, which escapes any NUL a message might quote.
  const fields = [dir, c.hermes, c.clean, c.stamps, c.meta ? JSON.stringify(c.meta) : "-", String(c.dirs.length)];
  for (const rel of c.dirs) fields.push(rel === "" ? "." : rel);
  for (const [rel, size] of c.files) fields.push(rel, String(size));
  return fields.join(SEP);
}

/** Parses a record; undefined when it is not one (a damaged file is a cache miss, never an error). */
export function parseRecord(record: string): CachedSkill | undefined {
  const f = record.split(SEP);
  const nDirs = Number(f[5]);
  if (f.length < 6 || !Number.isInteger(nDirs) || nDirs < 1 || f.length - 6 < nDirs || (f.length - 6 - nDirs) % 2 !== 0) return undefined;
  const files: [string, number][] = [];
  for (let i = 6 + nDirs; i < f.length; i += 2) {
    const size = Number(f[i + 1]);
    if (!Number.isSafeInteger(size) || size < 0) return undefined;
    files.push([f[i]!, size]);
  }
  let meta: SkillMeta | undefined;
  try {
    meta = f[4] === "-" ? undefined : (JSON.parse(f[4]!) as SkillMeta);
  } catch {
    return undefined;
  }
  if (meta !== undefined && (typeof meta !== "object" || meta === null || typeof meta.ok !== "boolean")) return undefined;
  const dirs = f.slice(6, 6 + nDirs).map((d) => (d === "." ? "" : d));
  return { hermes: f[1]!, clean: f[2]!, stamps: f[3]!, dirs, files, ...(meta ? { meta } : {}) };
}

/** True when every folder and file of a cached skill still carries the stamp it was read with. */
export function stampsStillHold(dir: string, cached: CachedSkill): boolean {
  const now = currentStamps(dir, cached.dirs, cached.files.map(([rel]) => rel));
  return now !== undefined && digestStamps(now) === cached.stamps;
}
