import { scanSkills, type Requirement, type ScannedSkill } from "@wizard-council/skill-md";
import type { SkillOutcome } from "./skill-finding.ts";
import type { SkillsDir } from "./skills-dirs.ts";

/** A skill's outcome while a run is under way: the requirements still to check against the host. */
export type PendingOutcome = SkillOutcome & { pending: Requirement[] };

/** What the skills dirs hold: the skills to read, the folders that could not be walked (as error outcomes), what was hidden. */
export interface CollectedSkills {
  skills: ScannedSkill[];
  problems: PendingOutcome[];
  shadowed: { id: string; dir: string }[];
}

/** Walks every existing skills dir in order; ids stay unique across dirs (an earlier dir's skill or problem with the same id wins). */
export function collectSkills(dirs: readonly SkillsDir[]): CollectedSkills {
  const seen = new Map<string, ScannedSkill>();
  const problems: PendingOutcome[] = [];
  const problemIds = new Set<string>();
  const shadowed: CollectedSkills["shadowed"] = [];
  for (const dir of dirs) {
    if (!dir.exists) continue;
    const found = scanSkills(dir.path);
    for (const p of found.problems) {
      if (problemIds.has(p.id) || seen.has(p.id)) shadowed.push({ id: p.id, dir: p.path });
      else {
        problemIds.add(p.id);
        problems.push({ id: p.id, dir: p.path, name: undefined, errors: [{ field: "path", message: `${p.path}: ${p.message}` }], warnings: [], requirements: [], skippedFor: undefined, pending: [] });
      }
    }
    for (let i = 0; i < found.skills.length; i++) {
      const s = found.skills[i]!;
      if (seen.has(s.id) || problemIds.has(s.id)) shadowed.push({ id: s.id, dir: s.dir });
      else seen.set(s.id, s);
    }
  }
  return { skills: [...seen.values()], problems, shadowed };
}
