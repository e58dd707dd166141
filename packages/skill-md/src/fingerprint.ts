// Owner: the skills-audit work. Interface agreed with monthly-audit; keep it.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join, sep } from "node:path";

/** A file that counts toward a skill's fingerprint: its POSIX path relative to the skill folder, and where to read it. */
export interface SkillFile {
  rel: string;
  abs: string;
  /** True for OS junk (`.DS_Store`, `Thumbs.db`, `._*`): in the hermes fingerprint, out of the junk-free one. */
  junk: boolean;
}

/** The files of a skill folder in hermes-agent's order, plus the symlinks that point out of it (never read). */
export interface SkillFileList {
  files: SkillFile[];
  escapingLinks: string[];
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
  const root = realpathOrSelf(dir);
  const found: { parts: string[]; abs: string }[] = [];
  const escapingLinks: string[] = [];
  walk(dir, [], root, found, escapingLinks);
  found.sort((a, b) => compareParts(a.parts, b.parts));
  const files = found.map(({ parts, abs }) => ({ rel: parts.join("/"), abs, junk: isJunkName(parts[parts.length - 1]!) }));
  return { files, escapingLinks: escapingLinks.sort() };
}

/** The hermes-agent-compatible MD5 of a skill folder (see ../shared/spec/skills.md); `ignoreJunk` leaves OS junk out. */
export function fingerprintSkill(dir: string, options: { ignoreJunk?: boolean } = {}): string {
  return fingerprintFiles(listSkillFiles(dir).files, options);
}

/** Both fingerprints of a skill folder from one read of its files: `hermes` (the manifest's) and `clean` (junk-free). */
export function fingerprintSkillBoth(dir: string): { hermes: string; clean: string; files: SkillFile[]; escapingLinks: string[] } {
  const list = listSkillFiles(dir);
  const hermes = createHash("md5");
  const clean = createHash("md5");
  for (const f of list.files) {
    const name = Buffer.from(f.rel, "utf8");
    const bytes = readFileSync(f.abs);
    hermes.update(name).update(bytes);
    if (!f.junk) clean.update(name).update(bytes);
  }
  return { hermes: hermes.digest("hex"), clean: clean.digest("hex"), ...list };
}

/** MD5 over (relative path, bytes) of each file in order; the core of the fingerprint. */
export function fingerprintFiles(files: readonly SkillFile[], options: { ignoreJunk?: boolean } = {}): string {
  const hash = createHash("md5");
  for (const f of files) {
    if (options.ignoreJunk && f.junk) continue;
    hash.update(Buffer.from(f.rel, "utf8"));
    hash.update(readFileSync(f.abs));
  }
  return hash.digest("hex");
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

function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  // JS `<` compares UTF-16 code units, which misorders astral characters against U+E000..U+FFFF;
  // UTF-8 byte order equals code point order.
  if (/[\ud800-\udfff]/.test(a) || /[\ud800-\udfff]/.test(b)) return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
  return a < b ? -1 : 1;
}

function walk(dir: string, parts: string[], root: string, found: { parts: string[]; abs: string }[], escaping: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // hermes suppresses OSError the same way: an unreadable folder contributes nothing
  }
  const names = new Set(entries.map((e) => e.name));
  for (const entry of entries) {
    const abs = join(dir, entry.name);
    const childParts = [...parts, entry.name];
    if (entry.isDirectory()) {
      if (!RUNTIME_CACHE_DIRS.has(entry.name)) walk(abs, childParts, root, found, escaping);
      continue;
    }
    if (entry.isSymbolicLink()) {
      const target = linkTarget(abs);
      if (target === undefined) continue; // dangling: not a file to Python either
      if (target.path !== root && !target.path.startsWith(root + sep)) {
        escaping.push(childParts.join("/"));
        continue;
      }
      if (!target.isFile) continue; // rglob does not descend symlinked directories
    } else if (!entry.isFile()) {
      continue;
    }
    if (isBytecodeBesideSource(entry.name, names, dir)) continue;
    found.push({ parts: childParts, abs });
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
    const real = realpathSync(path);
    return { path: real, isFile: statSync(real).isFile() };
  } catch {
    return undefined;
  }
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
