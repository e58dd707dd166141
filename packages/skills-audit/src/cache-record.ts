import { digestCurrentStamps, digestStamps, type SkillMdStat, type SkillStamps } from "@wizard-council/skill-md";
import type { SkillMeta } from "./skill-print.ts";

/**
 * A skill folder's fingerprints, the folders and files they cover, and one digest of the stat
 * stamps (skill-md's stampOf: device, inode, size, mtime and ctime) those had when they were
 * read. While the same stamps hold, the fingerprints do: git's index rule.
 */
export interface CachedSkill {
  hermes: string;
  clean: string;
  /** Folders relative to the skill ("" for itself), in walk order. */
  dirs: string[];
  /** Files relative to the skill, in fingerprint order. */
  files: string[];
  /** Their sizes, in the same order. */
  sizes: number[];
  stamps: string;
  /** What its SKILL.md says, when it was parsed (a source skill). */
  meta: SkillMeta | undefined;
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
    files: fp.files.map((f) => f.rel),
    sizes: fp.files.map((f) => f.size!),
    stamps: digestStamps([...stamps.dirs.map(([, s]) => s), ...stamps.files]),
    meta,
  };
}

/** A skill folder's record: its path, then the cached skill. */
export function cacheRecord(dir: string, c: CachedSkill): string {
  // No field may be empty (an empty field ends a record): "" (the skill folder) is stored as ".",
  // no meta as "-"; meta is JSON, which escapes any NUL a message might quote.
  const fields = [dir, c.hermes, c.clean, c.stamps, c.meta ? JSON.stringify(c.meta) : "-", String(c.dirs.length)];
  for (const rel of c.dirs) fields.push(rel === "" ? "." : rel);
  for (let i = 0; i < c.files.length; i++) fields.push(c.files[i]!, String(c.sizes[i]));
  return fields.join(SEP);
}

/** Parses a record; undefined when it is not one (a damaged file is a cache miss, never an error). */
export function parseRecord(record: string): CachedSkill | undefined {
  const f = record.split(SEP);
  const nDirs = Number(f[5]);
  if (f.length < 6 || !Number.isInteger(nDirs) || nDirs < 1 || f.length - 6 < nDirs || (f.length - 6 - nDirs) % 2 !== 0) return undefined;
  const files: string[] = [];
  const sizes: number[] = [];
  for (let i = 6 + nDirs; i < f.length; i += 2) {
    const size = Number(f[i + 1]);
    if (!Number.isSafeInteger(size) || size < 0) return undefined;
    files.push(f[i]!);
    sizes.push(size);
  }
  let meta: SkillMeta | undefined;
  try {
    meta = f[4] === "-" ? undefined : (JSON.parse(f[4]!) as SkillMeta);
  } catch {
    return undefined;
  }
  if (meta !== undefined && (typeof meta !== "object" || meta === null || typeof meta.ok !== "boolean")) return undefined;
  const dirs: string[] = [];
  for (let i = 6; i < 6 + nDirs; i++) dirs.push(f[i] === "." ? "" : f[i]!);
  // One object shape for every record (no optional keys), so the code reading them stays monomorphic.
  return { hermes: f[1]!, clean: f[2]!, dirs, files, sizes, stamps: f[3]!, meta };
}

/**
 * True when every folder and file of a cached skill still carries the stamp it was read with.
 * `skillMdStat`: discovery's lstat of the skill's SKILL.md, used as its current stamp.
 */
export function stampsStillHold(dir: string, cached: CachedSkill, skillMdStat?: SkillMdStat): boolean {
  return digestCurrentStamps(dir, cached.dirs, cached.files, skillMdStat && { rel: "SKILL.md", stat: skillMdStat }) === cached.stamps;
}
