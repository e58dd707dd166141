import { copyFileSync, existsSync, lstatSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { ToolError } from "@wizard-council/kit";
import type { SkillFile } from "@wizard-council/skill-md";
import { isSafeId, unsafeWriteReason } from "./containment.ts";

// Both live under `.archive/`, which hermes-agent's skill scanners exclude, so a staged copy or a
// backup holding a SKILL.md is never loaded as a second skill (plain dot-folders are scanned).
/** Where skills are staged before being renamed into place, relative to the target. */
export const STAGING_DIR = ".archive/skills-audit-staging";
/** Where `--force` and `--prune` keep what they replace or remove, relative to the target. */
export const BACKUP_DIR = ".archive/skills-audit-backups";

/** What a swap did with the copy it displaced. */
export interface SwapResult {
  backup?: string;
}

/** A skill id as one file name (`cat/skill` → `cat%2Fskill`), decodable by recovery. */
export const keyOf = (id: string) => encodeURIComponent(id);
const rand = () => `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/** Ensures `<target>/<rel>` exists as real folders (never through a symlink). */
function ensureOwnDir(target: string, rel: string): string {
  const reason = unsafeWriteReason(target, `${rel}/x`);
  if (reason) throw new ToolError("UNSAFE_TARGET", `cannot use ${rel}: ${reason}`, { path: join(target, rel) });
  const dir = join(target, rel);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Copies a skill's files (already filtered: no junk, no caches, no links out) into a fresh folder. */
function copyFiles(files: readonly SkillFile[], dest: string): void {
  mkdirSync(dest);
  const made = new Set<string>([dest]);
  for (const f of files) {
    if (f.junk) continue;
    const to = join(dest, f.rel);
    const parent = dirname(to);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    // copyFileSync reads through an in-skill symlink, so the target gets a plain file: no link to follow later.
    copyFileSync(f.abs, to);
  }
}

/** A fresh backup path for skill `id` under the target's backups folder (created as real folders). */
export function backupPath(target: string, id: string, stamp: string): string {
  const dir = ensureOwnDir(target, BACKUP_DIR);
  let path = join(dir, `${keyOf(id)}.${stamp}.bak`);
  for (let n = 2; existsSync(path); n++) path = join(dir, `${keyOf(id)}.${stamp}-${n}.bak`);
  return path;
}

/**
 * Installs `files` as skill `id` under `target`: copied into the staging folder, then renamed into
 * place. An existing copy is first renamed aside (`.old`, or `.keep` when `backup` is asked) and only
 * then dropped or moved to the backups, so a kill at any moment leaves the old or the new copy in
 * place, or the old one aside for {@link recoverStaging} to put back.
 */
export function swapInSkill(target: string, id: string, files: readonly SkillFile[], options: { backup: boolean; stamp: string }): SwapResult {
  const reason = unsafeWriteReason(target, id, { self: true });
  if (!isSafeId(id) || reason) throw new ToolError("UNSAFE_TARGET", `refusing to write skill ${id}: ${reason ?? "its id escapes the target"}`, { path: join(target, id) });
  const staging = ensureOwnDir(target, STAGING_DIR);
  const fresh = join(staging, `${keyOf(id)}.new-${rand()}`);
  copyFiles(files, fresh);
  const dest = join(target, id);
  mkdirSync(dirname(dest), { recursive: true });
  let aside: string | undefined;
  if (existsOrLink(dest)) {
    aside = join(staging, `${keyOf(id)}.${options.backup ? "keep" : "old"}-${rand()}`);
    renameSync(dest, aside);
  }
  renameSync(fresh, dest);
  if (!aside) return {};
  if (!options.backup) {
    rmSync(aside, { recursive: true, force: true });
    return {};
  }
  const backup = backupPath(target, id, options.stamp);
  renameSync(aside, backup);
  return { backup };
}

/** Moves skill `id` out of the target into the backups (for `--prune`); returns the backup path. */
export function removeSkill(target: string, id: string, stamp: string): string {
  const reason = unsafeWriteReason(target, id, { self: true });
  if (!isSafeId(id) || reason) throw new ToolError("UNSAFE_TARGET", `refusing to remove skill ${id}: ${reason ?? "its id escapes the target"}`, { path: join(target, id) });
  const backup = backupPath(target, id, stamp);
  renameSync(join(target, id), backup);
  return backup;
}

/** True when something (even a dangling symlink) is at `path`. */
export function existsOrLink(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
