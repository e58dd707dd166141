import type { Finding } from "@wizard-council/kit";
import type { RequirementResult } from "./requirement-check.ts";

/** A field-named problem with a skill's SKILL.md or its declarations. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Everything known about one skill after checking it. */
export interface SkillOutcome {
  id: string;
  dir: string;
  name?: string;
  /** Problems that make the skill uncheckable or its declarations malformed (→ `error`). */
  errors: FieldProblem[];
  /** Format problems that do not block the check (name ≠ folder...) (→ at least `warn`). */
  warnings: FieldProblem[];
  requirements: RequirementResult[];
  /** Set when `platforms` excludes this OS. */
  skippedFor?: string;
}

const KIND_WORD = { binary: "binary", env: "env var", credential_file: "credential file" } as const;

/** Turns a skill's outcome into its one finding: error > skip > fail > warn > ok. */
export function skillFinding(o: SkillOutcome): Finding {
  const f = findingFor(o);
  // Same keys in the same order for every finding (undefined ones are left out of the JSON).
  return { id: f.id, status: f.status, title: f.title, message: f.message, fix: f.fix, data: f.data };
}

function findingFor(o: SkillOutcome): Finding {
  const data = { name: o.name ?? null, dir: o.dir, requirements: o.requirements, errors: o.errors, warnings: o.warnings };
  if (o.errors.length > 0) {
    return {
      id: o.id,
      status: "error",
      title: `${o.id}: ${o.errors.length === 1 ? `invalid ${o.errors[0]!.field}` : `${o.errors.length} problems in SKILL.md`}`,
      message: o.errors.map((e) => e.message).join("; "),
      fix: "fix the named field in the skill's SKILL.md frontmatter",
      data,
    };
  }
  if (o.skippedFor) return { id: o.id, status: "skip", title: `${o.id}: not for ${o.skippedFor}`, message: `platforms excludes ${o.skippedFor}`, data };
  const unchecked = o.requirements.filter((r) => !r.checked && !r.optional);
  const missing = o.requirements.filter((r) => !r.satisfied && r.checked && !r.optional);
  const optionalMissing = o.requirements.filter((r) => !r.satisfied && r.optional);
  if (unchecked.length > 0) {
    return { id: o.id, status: "error", title: `${o.id}: could not check ${describe(unchecked)}`, message: details(unchecked), fix: "run the named binary's --version by hand to see why it fails", data };
  }
  if (missing.length > 0) {
    return { id: o.id, status: "fail", title: `${o.id}: missing ${describe(missing)}`, message: details([...missing, ...optionalMissing]), fix: fixFor(missing), data };
  }
  const notes = [...(optionalMissing.length > 0 ? [details(optionalMissing)] : []), ...o.warnings.map((w) => w.message)];
  if (notes.length > 0) {
    const title = optionalMissing.length > 0 ? `${o.id}: optional ${describe(optionalMissing)} missing` : `${o.id}: ${o.warnings[0]!.message}`;
    return { id: o.id, status: "warn", title, message: notes.join("; "), data };
  }
  const n = o.requirements.length;
  return { id: o.id, status: "ok", title: `${o.id}: ${n === 0 ? "no requirements declared" : `all ${n} requirement${n === 1 ? "" : "s"} met`}`, data };
}

function describe(rs: RequirementResult[]): string {
  const shown = rs.slice(0, 3).map((r) => `${KIND_WORD[r.kind]} ${r.name}`).join(", ");
  return rs.length > 3 ? `${shown} and ${rs.length - 3} more` : shown;
}

function details(rs: RequirementResult[]): string {
  return rs.map((r) => `${r.optional ? "optional " : ""}${KIND_WORD[r.kind]} ${r.name} (${r.source_field}): ${r.detail}`).join("; ");
}

function fixFor(rs: RequirementResult[]): string {
  const parts: string[] = [];
  const bins = rs.filter((r) => r.kind === "binary").map((r) => r.name);
  const envs = rs.filter((r) => r.kind === "env").map((r) => r.name);
  const files = rs.filter((r) => r.kind === "credential_file").map((r) => r.name);
  if (bins.length) parts.push(`install ${bins.join(", ")} (or upgrade to the wanted version) so it is on PATH`);
  if (envs.length) parts.push(`set ${envs.join(", ")} in the environment or in $HERMES_HOME/.env`);
  if (files.length) parts.push(`create ${files.join(", ")} under $HERMES_HOME`);
  return parts.join("; ");
}
