// Owner: the dependency-checker work. Interface agreed with skills-audit and monthly-audit; keep it.
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { relative, resolve, sep } from "node:path";
import type { StampSource } from "./stat-stamp.ts";

/** A skill folder found under a skills root. */
export interface SkillLocation {
  /** `<category>/<skill>` (or `<skill>` at the root), POSIX separators, relative to the root. */
  id: string;
  /** Absolute path of the skill folder. */
  dir: string;
  /** Absolute path of its SKILL.md. */
  skillMd: string;
  /** The folder name (the name frontmatter `name` must equal). */
  folderName: string;
  category: string | undefined;
}

/** Something under the root that could not be walked (symlink loop, unreadable dir, escaping link). */
export interface DiscoverProblem {
  id: string;
  path: string;
  message: string;
}

export interface DiscoverResult {
  skills: SkillLocation[];
  problems: DiscoverProblem[];
}

/** A skill found by {@link scanSkills}: its location, and what its SKILL.md was when listed. */
export interface ScannedSkill extends SkillLocation {
  /** True when SKILL.md was a regular file itself (not a symlink to one): see readSkillMdHead's `regularFile`. */
  regularFile: boolean;
  /** The listing's lstat of a regular SKILL.md (what a cache keyed by file identity and change times needs). */
  stat: SkillMdStat | undefined;
}

/** Identity, size and change times of a SKILL.md, from the lstat that found it (what a stamp is made of). */
export type SkillMdStat = StampSource;

/** Folder names never walked: VCS, package caches and Python bytecode caches (hidden dirs are skipped too). */
export const IGNORED_DIRS: ReadonlySet<string> = new Set([".git", ".github", ".hub", "node_modules", "__pycache__"]);

type Entry = { kind: "dir"; real: string } | { kind: "other" } | { kind: "problem"; message: string };

/**
 * Finds every folder holding a SKILL.md under `root`, sorted by id; never follows a symlink out of the root.
 * Layout as hermes-agent allows it: `<category>/<skill>/SKILL.md` and `<skill>/SKILL.md` directly under the root.
 * A missing root is an empty result (a fresh host has no skills yet), not a problem.
 */
export function findSkills(root: string): DiscoverResult {
  return walk(root, false);
}

/** Like {@link findSkills}, also saying which SKILL.md files are plain regular files, so a reader can skip a second stat. */
export function scanSkills(root: string): { skills: ScannedSkill[]; problems: DiscoverProblem[] } {
  return walk(root, true) as { skills: ScannedSkill[]; problems: DiscoverProblem[] };
}

function walk(root: string, withType: boolean): DiscoverResult {
  const skills: SkillLocation[] = [];
  const problems: DiscoverProblem[] = [];
  const absRoot = resolve(root);
  let realRoot: string;
  try {
    realRoot = realpathSync(absRoot);
    if (!statSync(realRoot).isDirectory()) {
      problems.push({ id: ".", path: absRoot, message: "skills root is not a directory" });
      return { skills, problems };
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") problems.push({ id: ".", path: absRoot, message: `cannot read skills root: ${code ?? String(err)}` });
    return { skills, problems };
  }

  const inspect = (path: string, dirent: Dirent, parentReal: string): Entry => {
    if (dirent.isDirectory()) return { kind: "dir", real: child(parentReal, dirent.name) };
    if (!dirent.isSymbolicLink()) return { kind: "other" };
    let real: string;
    try {
      real = realpathSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ELOOP") return { kind: "problem", message: "symlink loop: the link resolves to itself" };
      if (code === "ENOENT") return { kind: "problem", message: "dangling symlink: its target does not exist" };
      return { kind: "problem", message: `cannot resolve symlink: ${code ?? String(err)}` };
    }
    if (!isInside(realRoot, real)) return { kind: "problem", message: "symlink points outside the skills root; not followed" };
    // A link to the folder holding it (or any ancestor) would make the walk revisit itself forever.
    if (isInside(real, parentReal)) return { kind: "problem", message: "symlink loop: the link points to a folder that contains it" };
    try {
      return statSync(real).isDirectory() ? { kind: "dir", real } : { kind: "other" };
    } catch (err) {
      return { kind: "problem", message: `cannot read symlink target: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
    }
  };

  const list = (dir: string, id: string): Dirent[] | undefined => {
    try {
      return readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ id, path: dir, message: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      return undefined;
    }
  };

  // One lstat per folder instead of listing it: skill folders can hold many files, and there may be thousands.
  // SKILL.md itself may be a symlink; it counts only if it stays inside the root.
  let lastWasFile = false;
  let lastStat: SkillMdStat | undefined;
  const skillMdIn = (dir: string, id: string): string | undefined => {
    const path = child(dir, "SKILL.md");
    let st;
    try {
      st = lstatSync(path, { throwIfNoEntry: false });
    } catch (err) {
      problems.push({ id, path: dir, message: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      return undefined;
    }
    if (!st) return undefined;
    lastWasFile = st.isFile();
    lastStat = withType && lastWasFile ? { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs } : undefined;
    if (st.isSymbolicLink()) {
      try {
        if (!isInside(realRoot, realpathSync(path))) {
          problems.push({ id, path, message: "SKILL.md is a symlink pointing outside the skills root; not followed" });
          return undefined;
        }
      } catch (err) {
        problems.push({ id, path, message: `SKILL.md is a broken symlink: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
        return undefined;
      }
    }
    return path;
  };

  // Same keys in the same order for every location (one object shape); `regularFile` only when asked for.
  const location = (id: string, dir: string, skillMd: string, folderName: string, category: string | undefined): SkillLocation =>
    withType ? ({ id, dir, skillMd, folderName, category, regularFile: lastWasFile, stat: lastStat } as ScannedSkill) : { id, dir, skillMd, folderName, category };

  const topEntries = list(absRoot, ".") ?? [];
  // Indexed loops: for...of allocates an iterator result per entry in code the JIT has not optimised.
  topEntries.sort(byName);
  for (let t = 0; t < topEntries.length; t++) {
    const top = topEntries[t]!;
    if (skipName(top.name)) continue;
    const topPath = child(absRoot, top.name);
    const topInfo = inspect(topPath, top, realRoot);
    if (topInfo.kind === "problem") problems.push({ id: top.name, path: topPath, message: topInfo.message });
    if (topInfo.kind !== "dir") continue;
    const direct = skillMdIn(topPath, top.name);
    if (direct) {
      skills.push(location(top.name, topPath, direct, top.name, undefined));
      continue;
    }
    const children = list(topPath, top.name);
    if (!children) continue;
    children.sort(byName);
    for (let c = 0; c < children.length; c++) {
      const entry = children[c]!;
      if (skipName(entry.name)) continue;
      const childPath = child(topPath, entry.name);
      const id = `${top.name}/${entry.name}`;
      // A plain folder needs no inspection (its real path matters only to links inside it, and
      // skill folders are not walked further).
      if (!entry.isDirectory()) {
        const info = inspect(childPath, entry, topInfo.real);
        if (info.kind === "problem") problems.push({ id, path: childPath, message: info.message });
        if (info.kind !== "dir") continue;
      }
      const md = skillMdIn(childPath, id);
      if (md) skills.push(location(id, childPath, md, entry.name, top.name));
    }
  }
  skills.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { skills, problems };
}

/** `dir/name` for a name read from `dir` (no separators in it): path.join's normalising is wasted on thousands of entries. */
function child(dir: string, name: string): string {
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

function skipName(name: string): boolean {
  return name.startsWith(".") || IGNORED_DIRS.has(name);
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** True when `path` is `dir` itself or somewhere beneath it (both already resolved). */
function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}
