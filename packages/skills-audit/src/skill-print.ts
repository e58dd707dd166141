import { sep } from "node:path";
import { fingerprintSkillBoth, isJunkName, MAX_SKILL_MD_BYTES, parseSkillMd, readSkillMd, type ParsedSkill, type SkillFile } from "@wizard-council/skill-md";

/** What skills-audit needs from a SKILL.md: whether it parses, and its `name` and `version`. */
export type SkillMeta =
  | { ok: true; name: string | undefined; version: string | undefined }
  | { ok: false; error: { field?: string; message: string } };

/** Where one skill folder is, and whether its SKILL.md is parsed now (source skills always need it) or on demand. */
export interface PrintTask {
  dir: string;
  skillMd: string;
  parseNow: boolean;
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

/** The result of {@link printSkill}: a print, or the problem that makes the skill an error finding. */
export type PrintResult<P = SkillPrint> = { print: P; problem?: undefined } | { print?: undefined; problem: PrintProblem };

/** Fingerprints one skill folder; an unreadable file is a problem for that skill, never a throw. */
export function printSkill(task: PrintTask): PrintResult {
  let fp: ReturnType<typeof fingerprintSkillBoth>;
  try {
    fp = fingerprintSkillBoth(task.dir);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { problem: { path: e.path ?? task.dir, message: `cannot read a file of this skill: ${e.code ?? e.message}` } };
  }
  const print: SkillPrint = { hermes: fp.hermes, clean: fp.clean, files: fp.files, escapingLinks: fp.escapingLinks };
  const text = strictText(fp.skillMd);
  if (task.parseNow) print.meta = readMeta(text, task.skillMd);
  else if (text !== undefined) print.skillMdText = text;
  return { print };
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
 * A print as it crosses between threads: the file list as one string (a file name cannot hold NUL)
 * plus sizes. Cloning thousands of small file objects cost more than all the rest of the message.
 */
export interface PackedPrint extends Omit<SkillPrint, "files"> {
  rels: string;
  sizes: number[];
}

/** Packs a print for postMessage. */
export function packPrint({ files, ...rest }: SkillPrint): PackedPrint {
  return { ...rest, rels: files.map((f) => f.rel).join("\0"), sizes: files.map((f) => f.size ?? -1) };
}

/**
 * Rebuilds a packed print of the skill folder `dir`. The file objects (the same ones the walk made)
 * are built on first use: only skills that differ, or are on one side only, ever need them.
 */
export function unpackPrint({ rels, sizes, ...rest }: PackedPrint, dir: string): SkillPrint {
  let files: SkillFile[] | undefined;
  return {
    ...rest,
    get files() {
      return (files ??= unpackFiles(rels, sizes, dir));
    },
  };
}

function unpackFiles(rels: string, sizes: number[], dir: string): SkillFile[] {
  if (rels === "") return [];
  return rels.split("\0").map((rel, i): SkillFile => {
    const f: SkillFile = { rel, abs: `${dir}${sep}${sep === "/" ? rel : rel.replaceAll("/", sep)}`, junk: isJunkName(rel.slice(rel.lastIndexOf("/") + 1)) };
    if (sizes[i]! >= 0) f.size = sizes[i]!;
    return f;
  });
}
