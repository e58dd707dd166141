import type { Requirement, SkillPlatform } from "@wizard-council/skill-md";
import type { FieldProblem } from "./skill-finding.ts";
import { summary, type SkillSummary } from "./skill-summary.ts";

/**
 * How the check cache (check-cache.ts) writes what it keeps: the table of distinct requirements
 * and each SKILL.md's summary, validated field by field when read back (anything unexpected is a
 * miss, never a crash or a wrong answer).
 */

const KINDS = new Set(["binary", "env", "credential_file"]);
const PLATFORMS = new Set(["linux", "macos", "windows"]);

// A summary on disk: [name, failure, requirements, platforms, errors, warnings], with requirements
// as indexes into the requirement table and problems as [field, message].
type Problem = [string, string];

/** The distinct requirements of the file: decoded once each, shared by every skill that declares them. */
export interface RequirementTable {
  get(index: unknown): Requirement | undefined;
  indexOf(r: Requirement): number;
  /** The table as the file stores it. */
  text(): string;
}

/** The table over `rows` (already checked with {@link isRow}); new requirements are appended. */
export function createRequirementTable(rows: unknown[]): RequirementTable {
  let index: Map<string, number> | undefined;
  const objects: (Requirement | undefined)[] = [];
  return {
    get(i) {
      if (typeof i !== "number" || !(i >= 0 && i < rows.length)) return undefined;
      let req = objects[i];
      if (!req) {
        const r = rows[i] as [Requirement["kind"], string, string, boolean, string | null];
        req = objects[i] = { kind: r[0], name: r[1], sourceField: r[2], optional: r[3], versionRange: r[4] === null ? undefined : r[4] };
      }
      return req;
    },
    indexOf(req) {
      if (!index) {
        index = new Map();
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i] as unknown[];
          index.set(rowKey(r[0], r[1], r[2], r[3], r[4]), i);
        }
      }
      const key = requirementKey(req);
      let i = index.get(key);
      if (i === undefined) {
        i = rows.length;
        rows.push([req.kind, req.name, req.sourceField, req.optional, req.versionRange ?? null]);
        index.set(key, i);
      }
      return i;
    },
    text() {
      return JSON.stringify(rows);
    },
  };
}

/** True for a table row: `[kind, name, sourceField, optional, versionRange | null]`. */
export function isRow(r: unknown): boolean {
  return Array.isArray(r) && r.length === 5 && KINDS.has(r[0] as string) && typeof r[1] === "string" && typeof r[2] === "string" && typeof r[3] === "boolean" && (r[4] === null || typeof r[4] === "string");
}

/** One string per distinct requirement (what the table and the report memo tell requirements apart by). */
export function requirementKey(r: Requirement): string {
  return rowKey(r.kind, r.name, r.sourceField, r.optional, r.versionRange ?? null);
}

function rowKey(kind: unknown, name: unknown, field: unknown, optional: unknown, range: unknown): string {
  return `${kind}\0${name}\0${field}\0${optional}\0${range === null ? "\u0001" : range}`;
}

/** A summary as the file keeps it (requirements as table indexes). */
export function encodeSummary(s: SkillSummary, table: RequirementTable): unknown {
  const problems = (ps: FieldProblem[]): Problem[] => ps.map((p) => [p.field, p.message]);
  return [
    s.name ?? null,
    s.failure ? [s.failure.field, s.failure.message] : null,
    s.requirements.map((r) => table.indexOf(r)),
    s.platforms ?? null,
    problems(s.errors),
    problems(s.warnings),
  ];
}

/** The summary an entry holds, or undefined for anything malformed (then the file is read afresh). */
export function decodeSummary(v: unknown, table: RequirementTable): SkillSummary | undefined {
  if (!Array.isArray(v) || v.length !== 6) return undefined;
  // Indexes, not destructuring: array destructuring runs the iterator protocol in unoptimised code.
  const name: unknown = v[0];
  const failure: unknown = v[1];
  const reqs: unknown = v[2];
  const platforms: unknown = v[3];
  const errors: unknown = v[4];
  const warnings: unknown = v[5];
  if (name !== null && typeof name !== "string") return undefined;
  const fail = failure === null ? undefined : problem(failure);
  if (failure !== null && !fail) return undefined;
  if (!Array.isArray(reqs) || !Array.isArray(errors) || !Array.isArray(warnings)) return undefined;
  if (platforms !== null && !(Array.isArray(platforms) && platforms.every((p) => PLATFORMS.has(p as string)))) return undefined;
  const requirements: Requirement[] = new Array(reqs.length);
  for (let i = 0; i < reqs.length; i++) {
    const r = table.get(reqs[i]);
    if (!r) return undefined;
    requirements[i] = r;
  }
  const errs = problems(errors);
  const warns = problems(warnings);
  if (!errs || !warns) return undefined;
  return summary(name === null ? undefined : name, fail, requirements, platforms === null ? undefined : (platforms as SkillPlatform[]), errs, warns);
}

function problem(v: unknown): FieldProblem | undefined {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string" ? { field: v[0], message: v[1] } : undefined;
}

function problems(vs: unknown[]): FieldProblem[] | undefined {
  const out: FieldProblem[] = new Array(vs.length);
  for (let i = 0; i < vs.length; i++) {
    const p = problem(vs[i]);
    if (!p) return undefined;
    out[i] = p;
  }
  return out;
}
