import { diffSkillFiles, type SkillDiff } from "./diff.ts";
import { packPrint, printSkill, unpackPrint, type PackedPrint, type PrintResult, type PrintTask } from "./skill-print.ts";

/** One skill id: its folder in the source and/or in the target. */
export interface PairTask {
  source?: PrintTask;
  target?: PrintTask;
}

/** Both copies of a skill fingerprinted and, when they differ, compared file by file. */
export interface PairResult {
  source?: PrintResult;
  target?: PrintResult;
  /** Only when both copies were read and their junk-free fingerprints differ. */
  diff?: SkillDiff;
}

/**
 * Fingerprints both copies of a skill and, when they differ, diffs them right away: the files are
 * fresh in the page cache, and this runs on whichever thread took the task, not after all of them.
 */
export function compareSkillPair(task: PairTask): PairResult {
  const out: PairResult = {};
  if (task.source) out.source = printSkill(task.source);
  if (task.target) out.target = printSkill(task.target);
  const s = out.source?.print;
  const t = out.target?.print;
  if (s && t && s.clean !== t.clean) out.diff = diffSkillFiles(s.files, t.files);
  return out;
}

/** A pair result as it crosses between threads (see {@link PackedPrint}). */
export interface PackedPair {
  source?: PrintResult<PackedPrint>;
  target?: PrintResult<PackedPrint>;
  diff?: SkillDiff;
}

/** Packs a pair result for postMessage. */
export function packPair(r: PairResult): PackedPair {
  return { ...r, source: packSide(r.source), target: packSide(r.target) };
}

/** Rebuilds a pair result from the task it answers. */
export function unpackPair(r: PackedPair, task: PairTask): PairResult {
  return { ...r, source: unpackSide(r.source, task.source), target: unpackSide(r.target, task.target) };
}

function packSide(r: PrintResult | undefined): PrintResult<PackedPrint> | undefined {
  return r?.print ? { ...r, print: packPrint(r.print) } : r;
}

function unpackSide(r: PrintResult<PackedPrint> | undefined, task: PrintTask | undefined): PrintResult | undefined {
  return r?.print ? { ...r, print: unpackPrint(r.print, task!.dir) } : r;
}
