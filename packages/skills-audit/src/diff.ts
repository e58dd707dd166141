import { closeSync, openSync, readSync } from "node:fs";
import type { SkillFile } from "@wizard-council/skill-md";
import type { SkillState } from "./verdict.ts";

/** File-level difference between the source and target copies of a skill (OS junk left out). */
export interface SkillDiff {
  onlyInSource: string[];
  onlyInTarget: string[];
  changed: string[];
}

/** An empty diff, for skills whose copies are equal or absent on one side. */
export const NO_DIFF: SkillDiff = Object.freeze({ onlyInSource: [], onlyInTarget: [], changed: [] }) as SkillDiff;

/** Compares two file lists by relative path, then by size and bytes; junk files never count. */
export function diffSkillFiles(source: readonly SkillFile[], target: readonly SkillFile[]): SkillDiff {
  const tgt = new Map(target.filter((f) => !f.junk).map((f) => [f.rel, f]));
  const diff: SkillDiff = { onlyInSource: [], onlyInTarget: [], changed: [] };
  for (const f of source) {
    if (f.junk) continue;
    const other = tgt.get(f.rel);
    if (other === undefined) diff.onlyInSource.push(f.rel);
    else if (!sameFile(f, other)) diff.changed.push(f.rel);
    tgt.delete(f.rel);
  }
  diff.onlyInTarget.push(...tgt.keys());
  return diff;
}

// Sizes measured while fingerprinting settle most differences without touching the disk again;
// equal sizes are settled by the bytes as they are now.
function sameFile(a: SkillFile, b: SkillFile): boolean {
  if (a.size !== undefined && b.size !== undefined && a.size !== b.size) return false;
  try {
    return sameBytes(a.abs, b.abs);
  } catch {
    return false;
  }
}

// Compared a chunk at a time through two reused buffers: no allocation per file, bounded memory.
const CHUNK = 64 * 1024;
const chunkA = Buffer.allocUnsafe(CHUNK);
const chunkB = Buffer.allocUnsafe(CHUNK);

function sameBytes(pathA: string, pathB: string): boolean {
  const fa = openSync(pathA, "r");
  try {
    const fb = openSync(pathB, "r");
    try {
      for (;;) {
        const na = fill(fa, chunkA);
        const nb = fill(fb, chunkB);
        if (na !== nb || !chunkA.subarray(0, na).equals(chunkB.subarray(0, nb))) return false;
        if (na < CHUNK) return true;
      }
    } finally {
      closeSync(fb);
    }
  } finally {
    closeSync(fa);
  }
}

/** Reads until `buf` is full or the file ends; returns how many bytes it holds. */
function fill(fd: number, buf: Buffer): number {
  let n = 0;
  while (n < buf.length) {
    const got = readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) break;
    n += got;
  }
  return n;
}

/** "changed: SKILL.md; only in source: a.md, b.md (+3 more)" — the diff in words, or "" when empty. */
export function describeDiff(diff: SkillDiff): string {
  const part = (label: string, files: string[]) =>
    files.length === 0 ? [] : [`${label}: ${files.slice(0, 5).join(", ")}${files.length > 5 ? ` (+${files.length - 5} more)` : ""}`];
  return [...part("changed", diff.changed), ...part("only in source", diff.onlyInSource), ...part("only in target", diff.onlyInTarget)].join("; ");
}

/** Explains a verdict in words: what differs, from what, and why that state follows. */
export function explainState(state: SkillState, diff: SkillDiff, ctx: { recorded?: string; sourceVersion?: string; targetVersion?: string }): string {
  const what = describeDiff(diff);
  const files = what ? ` (${what})` : "";
  switch (state) {
    case "OK":
      return "target matches the source";
    case "MISSING":
      return "in the source, not installed in the target, and not recorded as deleted";
    case "OUTDATED":
      return ctx.recorded
        ? `the source changed since the last sync and the target is untouched since then${files}; safe to update`
        : `no sync recorded, and the target's version ${ctx.targetVersion ?? "?"} is older than the source's ${ctx.sourceVersion ?? "?"}${files}`;
    case "MODIFIED":
      return ctx.recorded
        ? `the target was edited locally since the last sync${files}; left alone`
        : `the target differs from the source with no sync recorded and no older version (target ${ctx.targetVersion ?? "unversioned"}, source ${ctx.sourceVersion ?? "unversioned"})${files}; treated as a local edit`;
    case "CONVERGED":
      return "the target differs from the recorded sync but already equals the source; only the manifest needs re-baselining";
    case "DELETED":
      return "recorded in .bundled_manifest as synced but removed from the target by the user; left deleted";
    case "EXTRA":
      return "in the target only (a local or hub-installed skill)";
  }
}

/** The fix hint for a verdict, naming the flag that acts on it. */
export function fixHint(state: SkillState): string | undefined {
  switch (state) {
    case "MISSING": return "run skills-audit --fix to install it";
    case "OUTDATED": return "run skills-audit --fix to update it";
    case "CONVERGED": return "run skills-audit --fix to re-baseline the manifest";
    case "MODIFIED": return "keep the local edit, or run skills-audit --fix --force to replace it (a backup is kept)";
    case "DELETED": return "leave it deleted, or run skills-audit --fix --force to reinstall it";
    case "EXTRA": return "keep it, or run skills-audit --fix --prune to remove it (a backup is kept)";
    default: return undefined;
  }
}
