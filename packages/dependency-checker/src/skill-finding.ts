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
  const data = { name: o.name ?? null, dir: o.dir, requirements: o.requirements, errors: o.errors, warnings: o.warnings };
  if (o.errors.length > 0) {
    const title = `${o.id}: ${o.errors.length === 1 ? `invalid ${o.errors[0]!.field}` : `${o.errors.length} problems in SKILL.md`}`;
    return finding(o.id, "error", title, o.errors.map((e) => e.message).join("; "), "fix the named field in the skill's SKILL.md frontmatter", data);
  }
  if (o.skippedFor) return finding(o.id, "skip", `${o.id}: not for ${o.skippedFor}`, `platforms excludes ${o.skippedFor}`, undefined, data);
  // One pass sorts the requirements out; the lists are built only for a skill that has something to say.
  let unchecked: RequirementResult[] | undefined;
  let missing: RequirementResult[] | undefined;
  let optionalMissing: RequirementResult[] | undefined;
  for (let i = 0; i < o.requirements.length; i++) {
    const r = o.requirements[i]!;
    if (!r.checked && !r.optional) (unchecked ??= []).push(r);
    if (!r.satisfied) {
      if (r.optional) (optionalMissing ??= []).push(r);
      else if (r.checked) (missing ??= []).push(r);
    }
  }
  if (unchecked) {
    return finding(o.id, "error", `${o.id}: could not check ${describe(unchecked)}`, details(unchecked), "run the named binary's --version by hand to see why it fails", data);
  }
  if (missing) {
    return finding(o.id, "fail", `${o.id}: missing ${describe(missing)}`, optionalMissing ? `${details(missing)}; ${details(optionalMissing)}` : details(missing), fixFor(missing), data);
  }
  if (optionalMissing || o.warnings.length > 0) {
    let notes = optionalMissing ? details(optionalMissing) : "";
    for (let i = 0; i < o.warnings.length; i++) notes += `${notes ? "; " : ""}${o.warnings[i]!.message}`;
    const title = optionalMissing ? `${o.id}: optional ${describe(optionalMissing)} missing` : `${o.id}: ${o.warnings[0]!.message}`;
    return finding(o.id, "warn", title, notes, undefined, data);
  }
  const n = o.requirements.length;
  return finding(o.id, "ok", `${o.id}: ${n === 0 ? "no requirements declared" : `all ${n} requirement${n === 1 ? "" : "s"} met`}`, undefined, undefined, data);
}

/** Same keys in the same order for every finding (undefined ones are left out of the JSON). */
function finding(id: string, status: Finding["status"], title: string, message: string | undefined, fix: string | undefined, data: Finding["data"]): Finding {
  return { id, status, title, message, fix, data };
}

function describe(rs: RequirementResult[]): string {
  let shown = "";
  const n = Math.min(rs.length, 3);
  for (let i = 0; i < n; i++) shown += `${i > 0 ? ", " : ""}${KIND_WORD[rs[i]!.kind]} ${rs[i]!.name}`;
  return rs.length > 3 ? `${shown} and ${rs.length - 3} more` : shown;
}

function details(rs: RequirementResult[]): string {
  let out = "";
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i]!;
    out += `${i > 0 ? "; " : ""}${r.optional ? "optional " : ""}${KIND_WORD[r.kind]} ${r.name} (${r.source_field}): ${r.detail}`;
  }
  return out;
}

function fixFor(rs: RequirementResult[]): string {
  let bins = "";
  let envs = "";
  let files = "";
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i]!;
    if (r.kind === "binary") bins += bins ? `, ${r.name}` : r.name;
    else if (r.kind === "env") envs += envs ? `, ${r.name}` : r.name;
    else files += files ? `, ${r.name}` : r.name;
  }
  let out = bins ? `install ${bins} (or upgrade to the wanted version) so it is on PATH` : "";
  if (envs) out += `${out ? "; " : ""}set ${envs} in the environment or in $HERMES_HOME/.env`;
  if (files) out += `${out ? "; " : ""}create ${files} under $HERMES_HOME`;
  return out;
}
