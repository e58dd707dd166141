import { checkSkillMeta, readRequirements, type Requirement, type SkillFrontmatter, type SkillPlatform } from "@wizard-council/skill-md";
import type { FieldProblem } from "./skill-finding.ts";

/** What a skill's SKILL.md says that the check needs: all the check cache has to keep per file. */
export interface SkillSummary {
  name: string | undefined;
  /** Why SKILL.md could not be read or parsed (then the rest is empty). */
  failure: FieldProblem | undefined;
  requirements: Requirement[];
  /** The `platforms` gate, or undefined when the skill runs everywhere. */
  platforms: SkillPlatform[] | undefined;
  /** Malformed declarations (→ `error`). */
  errors: FieldProblem[];
  /** Format problems that do not block the check (name ≠ folder...). */
  warnings: FieldProblem[];
}

const NONE: Requirement[] = [];

/** Reduces a parsed (or unreadable) SKILL.md to its summary; `folderName` is the folder its `name` must equal. */
export function summarizeSkill(parsed: SkillFrontmatter, folderName: string): SkillSummary {
  if (!parsed.ok) return summary(undefined, { field: parsed.error.field ?? "SKILL.md", message: parsed.error.message }, NONE, undefined, [], []);
  const { requirements, platforms, errors } = readRequirements(parsed.frontmatter);
  return summary(parsed.name, undefined, requirements, platforms, errors, checkSkillMeta(parsed, folderName));
}

/** Every summary with the same keys in the same order (one object shape, fresh or from the cache). */
export function summary(name: string | undefined, failure: FieldProblem | undefined, requirements: Requirement[], platforms: SkillPlatform[] | undefined, errors: FieldProblem[], warnings: FieldProblem[]): SkillSummary {
  return { name, failure, requirements, platforms, errors, warnings };
}
