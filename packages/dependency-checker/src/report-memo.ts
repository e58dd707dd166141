import { STATUSES, type HostEnv, type Report, type Summary } from "@wizard-council/kit";
import type { Requirement, ScannedSkill } from "@wizard-council/skill-md";
import { isRow, requirementKey } from "./cache-entries.ts";
import type { PlatformName } from "./platform.ts";
import { checkNow, type CheckContext, type RequirementResult } from "./requirement-check.ts";
import { isSimpleRange } from "./semver-lite.ts";
import type { PendingOutcome } from "./skill-collect.ts";
import type { VersionResult } from "./version-probe.ts";

/**
 * The report memo: the last full run's findings as JSON text, kept in the check cache with what
 * they were made from, so a re-run on an unchanged host prints them again instead of rebuilding
 * and serializing a thousand findings (on 1,000 skills ≈ 80 instead of ≈ 95 ms, stdout to /dev/null).
 *
 * A skill's finding is a function of where the skill is (path, id), its SKILL.md summary, the
 * platform, HERMES_HOME and the results of its requirements' checks. The memo keeps the first ones
 * as each skill's path, id and SKILL.md stamp (the stamp the summary cache already trusts) plus the
 * platform and HERMES_HOME. The results are not trusted at all. A replay checks every distinct
 * binary and credential-file requirement again, with the same code as a full run, and compares every
 * field a result can vary in. An env var's result depends on nothing but which layer (process env,
 * `$HERMES_HOME/.env`, neither) holds a non-empty value for its name, so instead of checking each
 * one the replay compares the names defined in each layer (HostEnv.definedNames; names, never values).
 * Anything different (a skill added, removed or edited, a variable set or emptied, a binary
 * installed, a version answer no longer in the cache) means a full run, which writes a new memo.
 */

/** What the memo needs from the check cache (check-cache.ts). */
export interface MemoStore {
  /** The `--version` answer kept for an executable that has not changed. */
  version(path: string): VersionResult | undefined;
  /** The memo as the file holds it, if any. */
  readonly memo: { meta: string; findings: string } | undefined;
  rememberMemo(meta: string, findings: string): void;
}

/** The findings' JSON text and what the envelope needs from them. */
export interface MemoReport {
  /** The findings array as JSON text. */
  findings: string;
  status: Report["status"];
  summary: Summary;
}

/** What a run's findings depend on besides its skills and the host. */
export interface MemoScope {
  platform: PlatformName;
  hermesHome: string;
}

type SkillRow = [skillMd: string, id: string, dir: string, dev: number, ino: number, size: number, mtimeMs: number, ctimeMs: number];
type RequirementRow = [kind: Requirement["kind"], name: string, sourceField: string, optional: boolean, versionRange: string | null];

/** The memo's `M` line. */
interface Meta {
  platform: string;
  hermesHome: string;
  skills: SkillRow[];
  /** Every distinct binary and credential-file requirement, in the order of `results`. */
  requirements: RequirementRow[];
  /** Each of those requirements' result (its varying fields), joined by RESULT_SEP. */
  results: string;
  /** The names each env layer defines (envFingerprint), or null when no skill declares an env var. */
  env: string | null;
  status: Report["status"];
  summary: Summary;
  /** Length of the findings text: a torn or cut line is never printed. */
  length: number;
}

const RESULT_SEP = "\u001e";
const FIELD_SEP = "\u001f";
/** Stands for a field a result leaves out. */
const ABSENT = "\u0002";
const MAX_MEMO_CHARS = 16 * 1024 * 1024;
/** A result with one of these in a field (a path can hold any byte) is not memoised. */
const SEPARATORS = /[\u0002\u001e\u001f]/;

/**
 * The findings of the run that wrote the memo, when this run would produce the very same: same
 * skills in the same order with unchanged SKILL.md files, same scope, same result for every
 * requirement. Undefined otherwise (then run the checks).
 */
export async function replayReport(store: MemoStore, skills: readonly ScannedSkill[], ctx: CheckContext, scope: MemoScope, loadSemver: () => Promise<unknown>): Promise<MemoReport | undefined> {
  const kept = store.memo;
  if (!kept) return undefined;
  let meta: Meta;
  try {
    meta = JSON.parse(kept.meta) as Meta;
  } catch {
    return undefined;
  }
  const text = kept.findings;
  if (!isMeta(meta) || meta.length !== text.length || text.charCodeAt(0) !== 91 || text.charCodeAt(text.length - 1) !== 93) return undefined;
  if (meta.platform !== scope.platform || meta.hermesHome !== scope.hermesHome || meta.skills.length !== skills.length) return undefined;
  for (let i = 0; i < skills.length; i++) {
    const s = skills[i]!;
    const row = meta.skills[i]!;
    const st = s.stat;
    if (!st || !Array.isArray(row) || row[0] !== s.skillMd || row[1] !== s.id || row[2] !== s.dir || row[3] !== st.dev || row[4] !== st.ino || row[5] !== st.size || row[6] !== st.mtimeMs || row[7] !== st.ctimeMs) return undefined;
  }
  if (meta.env !== null && envFingerprint(ctx.hostEnv()) !== meta.env) return undefined;
  const reqs = new Array<Requirement>(meta.requirements.length);
  let needSemver = false;
  for (let i = 0; i < reqs.length; i++) {
    const row = meta.requirements[i];
    if (!isRow(row)) return undefined;
    const [kind, name, sourceField, optional, range] = row as RequirementRow;
    const r: Requirement = { kind, name, sourceField, optional, versionRange: range === null ? undefined : range };
    if (r.kind === "binary" && r.versionRange !== undefined && !isSimpleRange(r.versionRange)) needSemver = true;
    reqs[i] = r;
  }
  if (needSemver) await loadSemver();
  // Compared as they come (no copy of the whole list is built), stopping at the first difference.
  const expected = meta.results;
  let at = 0;
  for (let i = 0; i < reqs.length; i++) {
    const r = reqs[i]!;
    let version: VersionResult | undefined;
    if (r.kind === "binary" && r.versionRange !== undefined) {
      const found = ctx.path.find(r.name);
      // A replay never probes: an answer that is not in the cache any more means a full run.
      if (found !== undefined && ctx.validRange(r.versionRange) && (version = store.version(found)) === undefined) return undefined;
    }
    const sig = resultSignature(checkNow(r, ctx, version));
    const end = at + sig.length;
    if (!expected.startsWith(sig, at) || (end !== expected.length && expected.charCodeAt(end) !== 30)) return undefined;
    at = end + 1;
  }
  return at === expected.length + 1 || (reqs.length === 0 && expected === "") ? { findings: text, status: meta.status, summary: meta.summary } : undefined;
}

/** Keeps a full run's findings (`report`) as the memo, with the skills, scope and results they were made from. */
export function rememberReport(store: MemoStore, skills: readonly ScannedSkill[], outcomes: readonly PendingOutcome[], scope: MemoScope, hostEnv: () => HostEnv, report: MemoReport): void {
  // About 1.7 MB per 1,000 skills: past this the memo would crowd the cache file towards its size
  // limit (check-cache.ts), where the whole file is ignored; such a fleet just runs in full.
  if (report.findings.length > MAX_MEMO_CHARS) return;
  const rows = new Array<SkillRow>(skills.length);
  for (let i = 0; i < skills.length; i++) {
    const s = skills[i]!;
    // A SKILL.md reached through a symlink has no stamp to check: no memo for such a run.
    if (!s.stat) return;
    rows[i] = [s.skillMd, s.id, s.dir, s.stat.dev, s.stat.ino, s.stat.size, s.stat.mtimeMs, s.stat.ctimeMs];
  }
  const seen = new Set<string>();
  const requirements: RequirementRow[] = [];
  let results = "";
  let env = false;
  for (let n = 0; n < outcomes.length; n++) {
    const o = outcomes[n]!;
    for (let i = 0; i < o.pending.length; i++) {
      const r = o.pending[i]!;
      if (r.kind === "env") {
        env = true;
        continue;
      }
      const row: RequirementRow = [r.kind, r.name, r.sourceField, r.optional, r.versionRange ?? null];
      const key = requirementKey(r);
      if (seen.has(key)) continue;
      seen.add(key);
      const result = o.requirements[i]!;
      // With no separator inside any field, equal texts mean equal fields: a replay compares exactly.
      if (SEPARATORS.test(result.detail) || SEPARATORS.test(result.resolved_path ?? "") || SEPARATORS.test(result.version ?? "")) return;
      results += `${requirements.length > 0 ? RESULT_SEP : ""}${resultSignature(result)}`;
      requirements.push(row);
    }
  }
  const meta: Meta = {
    platform: scope.platform,
    hermesHome: scope.hermesHome,
    skills: rows,
    requirements,
    results,
    env: env ? envFingerprint(hostEnv()) : null,
    status: report.status,
    summary: report.summary,
    length: report.findings.length,
  };
  store.rememberMemo(JSON.stringify(meta), report.findings);
}

/** The report envelope (its findings left empty) and the report as JSON text, with `findings` (an array's JSON text) in its place. */
export function reportJson<D>(report: Report<D>, findings: string): { report: Report<D>; json: string } {
  const envelope: Report<D> = { ...report, findings: [] };
  const text = JSON.stringify(envelope);
  // Inside a JSON string every quote is escaped, so this exact text can only be the envelope's own key.
  const at = text.indexOf(EMPTY_FINDINGS);
  if (at === -1) throw new Error("reportJson: the envelope has no findings key");
  return { report: envelope, json: `${text.slice(0, at)},"findings":${findings}${text.slice(at + EMPTY_FINDINGS.length)}` };
}

const EMPTY_FINDINGS = ',"findings":[]';

/** The names defined (non-empty) in each env layer, as one string (JSON: no name can run into the next). */
function envFingerprint(env: HostEnv): string {
  const { env: fromEnv, dotenv } = env.definedNames();
  return JSON.stringify([fromEnv, dotenv]);
}

/** Every field of a result that does not come from its requirement, as one string. */
function resultSignature(r: RequirementResult): string {
  return `${r.satisfied ? 1 : 0}${r.checked ? 1 : 0}${FIELD_SEP}${r.resolved_path ?? ABSENT}${FIELD_SEP}${r.version ?? ABSENT}${FIELD_SEP}${r.env_source ?? ABSENT}${FIELD_SEP}${r.detail}`;
}

function isMeta(m: unknown): m is Meta {
  if (typeof m !== "object" || m === null) return false;
  const v = m as Record<string, unknown>;
  // Skill and requirement rows are checked where they are used (a wrong type is a mismatch there).
  return typeof v.platform === "string" && typeof v.hermesHome === "string" && Array.isArray(v.skills) && Array.isArray(v.requirements)
    && typeof v.results === "string" && (v.env === null || typeof v.env === "string") && typeof v.length === "number" && (v.status === "ok" || v.status === "warn" || v.status === "fail") && isSummary(v.summary);
}

function isSummary(s: unknown): s is Summary {
  return typeof s === "object" && s !== null && STATUSES.every((k) => typeof (s as Record<string, unknown>)[k] === "number");
}
