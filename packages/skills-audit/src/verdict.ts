import type { Status } from "@wizard-council/kit";

/** The seven verdicts of skills-audit (../shared/spec/skills.md). */
export type SkillState = "OK" | "MISSING" | "OUTDATED" | "MODIFIED" | "CONVERGED" | "DELETED" | "EXTRA";

/** The finding status each verdict maps to. */
export const STATE_STATUS: Record<SkillState, Status> = {
  OK: "ok",
  MISSING: "fail",
  OUTDATED: "fail",
  MODIFIED: "warn",
  CONVERGED: "ok",
  DELETED: "warn",
  EXTRA: "warn",
};

/** What is known about one skill id on both sides; hashes are absent when that side is absent. */
export interface SkillFacts {
  /** Junk-free fingerprint of the source copy. */
  sourceClean?: string;
  /** Junk-free and hermes fingerprints of the target copy. */
  targetClean?: string;
  targetHermes?: string;
  /** The manifest's hash for the skill's name: undefined = no entry, "" = an old entry without a hash. */
  recorded?: string;
  sourceVersion?: string;
  targetVersion?: string;
}

/**
 * Decides a skill's state. "Untouched since the last sync" accepts the target's hermes hash or its
 * junk-free hash, so OS junk alone never turns a skill MODIFIED.
 */
export function classifySkill(f: SkillFacts): SkillState | undefined {
  const inSource = f.sourceClean !== undefined;
  const inTarget = f.targetClean !== undefined;
  if (!inSource && !inTarget) return undefined;
  if (!inTarget) return f.recorded !== undefined ? "DELETED" : "MISSING";
  if (!inSource) return "EXTRA";
  const untouched = !!f.recorded && (f.recorded === f.targetHermes || f.recorded === f.targetClean);
  if (f.sourceClean === f.targetClean) return f.recorded === undefined || untouched ? "OK" : "CONVERGED";
  if (f.recorded) return untouched ? "OUTDATED" : "MODIFIED";
  return compareVersions(f.targetVersion, f.sourceVersion) < 0 ? "OUTDATED" : "MODIFIED";
}

/**
 * Compares dotted versions numerically (`1.10.0` > `1.9.2`, a leading `v` allowed, missing parts are 0).
 * Anything unparseable compares equal, so an unknown version never claims a skill is safe to overwrite.
 */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return 0;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function parseVersion(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const m = /^v?(\d+(?:\.\d+)*)(?:[-+].*)?$/.exec(v.trim());
  return m ? m[1]!.split(".").map(Number) : undefined;
}
