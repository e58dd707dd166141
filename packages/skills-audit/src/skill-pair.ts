import { diffSkillFiles, type SkillDiff } from "./diff.ts";
import { printSkill, type PrintResult, type PrintTask } from "./skill-print.ts";

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

/** Fingerprints both copies of a skill and, when they differ, diffs them right away (the files are fresh in the page cache). */
export function compareSkillPair(task: PairTask): PairResult {
  const out: PairResult = {};
  if (task.source) out.source = printSkill(task.source);
  if (task.target) out.target = printSkill(task.target);
  const s = out.source?.print;
  const t = out.target?.print;
  if (s && t && s.clean !== t.clean) out.diff = diffSkillFiles(s.files, t.files);
  return out;
}
