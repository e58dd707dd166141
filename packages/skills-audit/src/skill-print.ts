import { sep } from "node:path";
import { fingerprintSkillBoth, isJunkName, MAX_SKILL_MD_BYTES, parseSkillMd, readSkillMd, type ParsedSkill, type SkillFile, type SkillMdStat } from "@wizard-council/skill-md";
import { cacheRecord, parseRecord, stampsStillHold, toCachedSkill, type CachedSkill } from "./cache-record.ts";

/** What skills-audit needs from a SKILL.md: whether it parses, and its `name` and `version`. */
export type SkillMeta =
  | { ok: true; name: string | undefined; version: string | undefined }
  | { ok: false; error: { field?: string; message: string } };

/** Where one skill folder is, and whether its SKILL.md is parsed now (source skills always need it) or on demand. */
export interface PrintTask {
  dir: string;
  skillMd: string;
  parseNow: boolean;
  /**
   * With a fingerprint cache: the folder's record, if any, the time from which a change is too
   * recent to cache, and the lstat discovery took of a regular SKILL.md (its stamp, not taken twice).
   */
  cache?: { record: string | undefined; racyAfterMs: number; skillMdStat?: SkillMdStat | undefined };
}

/**
 * One skill folder fingerprinted: both fingerprints, its files in hermes order, the links it does not
 * follow, and its SKILL.md either parsed (`meta`) or kept as text for a parse on demand (absent when
 * it is not strict UTF-8 or too big: readSkillMd then reads it again and words the error).
 */
export interface SkillPrint {
  hermes: string;
  clean: string;
  files: SkillFile[];
  escapingLinks: string[];
  meta?: SkillMeta;
  skillMdText?: string;
}

/** A skill that could not be fingerprinted: one of its files is unreadable. */
export interface PrintProblem {
  path: string;
  message: string;
}

/**
 * The result of {@link printSkill}: a print, or the problem that makes the skill an error finding.
 * With a cache, `cached` is the folder's record from now on ("hit": the one it had), if any.
 */
export type PrintResult = { print: SkillPrint; problem?: undefined; cached?: string } | { print?: undefined; problem: PrintProblem; cached?: undefined };

/** `cached` of a result whose fingerprints came from the record the task carried. */
export const CACHE_HIT = "hit";

/**
 * Fingerprints one skill folder, or takes its fingerprints from the cache when every stamp they
 * were computed from still holds. An unreadable file is a problem for that skill, never a throw.
 */
export function printSkill(task: PrintTask): PrintResult {
  const hit = task.cache?.record === undefined ? undefined : parseRecord(task.cache.record);
  if (hit && stampsStillHold(task.dir, hit, task.cache!.skillMdStat)) {
    const print = new CachedPrint(task.dir, hit);
    if (!task.parseNow) return { print, cached: CACHE_HIT };
    print.meta = hit.meta;
    if (hit.meta) return { print, cached: CACHE_HIT };
    // Cached by a run that did not parse it: SKILL.md is read now (the same file: its stamp held).
    print.meta = readMeta(undefined, task.skillMd);
    return { print, cached: cacheRecord(task.dir, { ...hit, meta: print.meta }) };
  }
  let fp: ReturnType<typeof fingerprintSkillBoth>;
  try {
    fp = fingerprintSkillBoth(task.dir, { stamps: !!task.cache });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { problem: { path: e.path ?? task.dir, message: `cannot read a file of this skill: ${e.code ?? e.message}` } };
  }
  const print: SkillPrint = { hermes: fp.hermes, clean: fp.clean, files: fp.files, escapingLinks: fp.escapingLinks };
  const text = strictText(fp.skillMd);
  if (task.parseNow) print.meta = readMeta(text, task.skillMd);
  else if (text !== undefined) print.skillMdText = text;
  const st = fp.stamps;
  if (!st?.complete || st.newestMs >= task.cache!.racyAfterMs) return { print };
  return { print, cached: cacheRecord(task.dir, toCachedSkill(fp, st, print.meta)) };
}

/**
 * The SKILL.md facts from the text the fingerprint already read, else (too big, not UTF-8, not read)
 * from the file itself through readSkillMd, which words the error.
 */
export function readMeta(text: string | undefined, skillMdPath: string): SkillMeta {
  let parsed: ParsedSkill | undefined;
  if (text !== undefined) {
    try {
      parsed = parseSkillMd(text);
    } catch {
      parsed = undefined;
    }
  }
  parsed ??= readSkillMd(skillMdPath);
  return parsed.ok ? { ok: true, name: parsed.name, version: parsed.version } : { ok: false, error: parsed.error };
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function strictText(bytes: Buffer | undefined): string | undefined {
  if (!bytes || bytes.length > MAX_SKILL_MD_BYTES) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A print taken from a cache record. Its file list is built on first use only: just the skills
 * that differ, or are on one side only, need it. (A class: every print has one shape, and the
 * getter lives on the prototype instead of being defined on each of thousands of objects.)
 */
class CachedPrint implements SkillPrint {
  readonly hermes: string;
  readonly clean: string;
  readonly escapingLinks: string[] = [];
  meta: SkillMeta | undefined = undefined;
  skillMdText: string | undefined = undefined;
  #files: SkillFile[] | undefined;
  readonly #dir: string;
  readonly #record: CachedSkill;

  constructor(dir: string, record: CachedSkill) {
    this.hermes = record.hermes;
    this.clean = record.clean;
    this.#dir = dir;
    this.#record = record;
  }

  get files(): SkillFile[] {
    if (this.#files === undefined) {
      const { files, sizes } = this.#record;
      this.#files = files.map((rel, i) => fileAt(this.#dir, rel, sizes[i]!));
    }
    return this.#files;
  }
}

/** The file object the walk makes for `rel` in skill folder `dir` (size -1: not known). */
function fileAt(dir: string, rel: string, size: number): SkillFile {
  const f: SkillFile = { rel, abs: `${dir}${sep}${sep === "/" ? rel : rel.replaceAll("/", sep)}`, junk: isJunkName(rel.slice(rel.lastIndexOf("/") + 1)) };
  if (size >= 0) f.size = size;
  return f;
}
