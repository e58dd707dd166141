import { join } from "node:path";
import { isSafeId, unsafeNameReason } from "./containment.ts";
import { diffSkillFiles, NO_DIFF, type SkillDiff } from "./diff.ts";
import { manifestNameOf, versionOf, type Inventories, type SkillEntry } from "./inventory.ts";
import type { Manifest } from "./manifest.ts";
import { classifySkill, type SkillState } from "./verdict.ts";

/** One skill id judged across source, target and manifest; `error` when it could not be judged. */
export interface Evaluation {
  id: string;
  name: string;
  state?: SkillState;
  error?: string;
  source?: SkillEntry;
  target?: SkillEntry;
  sourcePath: string;
  targetPath: string;
  recorded?: string;
  diff: SkillDiff;
  sourceVersion?: string;
  targetVersion?: string;
}

/**
 * Judges every skill id found in either root, sorted by id. Problems on either side make that id an
 * error. Diffs already computed (`inv.diffs`) are used as they are; any other is computed here.
 */
export function evaluateSkills(inv: Inventories, manifest: Manifest, roots: { source: string; target: string }): Evaluation[] {
  const { source: src, target: tgt } = inv;
  const problems = new Map<string, string[]>();
  for (const [side, one] of [["source", src], ["target", tgt]] as const) {
    for (const p of one.problems) problems.set(p.id, [...(problems.get(p.id) ?? []), `${side}: ${p.message} (${p.path})`]);
  }
  const ids = [...new Set([...src.skills.keys(), ...tgt.skills.keys(), ...problems.keys()])].sort();
  return ids.map((id) => evaluateOne(id, src.skills.get(id), tgt.skills.get(id), manifest, roots, problems.get(id), inv.diffs.get(id)));
}

function evaluateOne(id: string, source: SkillEntry | undefined, target: SkillEntry | undefined, manifest: Manifest, roots: { source: string; target: string }, problems: string[] | undefined, known: SkillDiff | undefined): Evaluation {
  const name = source ? manifestNameOf(source) : target ? manifestNameOf(target) : id.split("/").pop()!;
  // Every evaluation has all keys, in this order: one object shape for the thousands made per run.
  const ev: Evaluation = {
    id,
    name,
    state: undefined,
    error: undefined,
    source,
    target,
    sourcePath: source?.dir ?? join(roots.source, id),
    targetPath: target?.dir ?? join(roots.target, id),
    recorded: undefined,
    diff: NO_DIFF,
    sourceVersion: undefined,
    targetVersion: undefined,
  };
  ev.error = problems ? problems.join("; ") : !isSafeId(id) ? `skill id ${JSON.stringify(id)} would escape the skills root` : source ? sourceError(source, name) : undefined;
  if (ev.error !== undefined) return ev;
  const recorded = source ? manifest.get(name) : undefined;
  const differs = !!source && !!target && source.clean !== target.clean;
  // The target's SKILL.md is parsed only when its version decides the verdict (no sync recorded).
  ev.recorded = recorded;
  ev.sourceVersion = versionOf(source);
  ev.targetVersion = differs && !recorded ? versionOf(target) : undefined;
  ev.state = classifySkill({ sourceClean: source?.clean, targetClean: target?.clean, targetHermes: target?.hermes, recorded, sourceVersion: ev.sourceVersion, targetVersion: ev.targetVersion });
  // A skill on one side only differs by all of its files.
  ev.diff = differs ? known ?? diffSkillFiles(source!.files, target!.files)
    : source && !target ? { ...NO_DIFF, onlyInSource: relPaths(source) }
    : target && !source ? { ...NO_DIFF, onlyInTarget: relPaths(target) }
    : NO_DIFF;
  return ev;
}

/** Why a source skill cannot be judged (its SKILL.md is invalid, or its name cannot be a manifest key), if it cannot. */
function sourceError(source: SkillEntry, name: string): string | undefined {
  const meta = source.meta();
  if (!meta.ok) return `source SKILL.md is invalid: ${meta.error.field ? `${meta.error.field}: ` : ""}${meta.error.message}`;
  const unsafe = unsafeNameReason(name);
  return unsafe ? `frontmatter field name ${JSON.stringify(name)} ${unsafe}; it cannot be recorded in .bundled_manifest or installed` : undefined;
}

function relPaths(entry: SkillEntry): string[] {
  return entry.files.filter((f) => !f.junk).map((f) => f.rel);
}
