import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { acquireLockSync, createReport, expandHome, resolveHermesHome, ToolError, type Finding, type Lock, type Report } from "@wizard-council/kit";
import { unsafeWriteReason } from "./containment.ts";
import pkg from "../package.json" with { type: "json" };
import { explainState, fixHint, type SkillDiff } from "./diff.ts";
import { evaluateSkills, type Evaluation } from "./evaluate.ts";
import { applyFixes, planFixes, type FixAction } from "./fix.ts";
import { BACKUP_DIR, STAGING_DIR } from "./install.ts";
import { recoverStaging, removeTornManifestTemps, tidyStaging } from "./recovery.ts";
import { openAuditCaches, saveAuditCaches } from "./fingerprint-cache.ts";
import { takeInventories } from "./inventory.ts";
import { resolveLocations, type AuditLocations } from "./locations.ts";
import { manifestPath, readManifest, writeManifest, formatManifest } from "./manifest.ts";
import { STATE_STATUS, type SkillState } from "./verdict.ts";

/** Options of {@link auditSkills}; paths follow flag > env > `$HERMES_HOME/skills`. */
export interface AuditOptions {
  source?: string;
  target?: string;
  hermesHome?: string;
  env?: NodeJS.ProcessEnv;
  fix?: boolean;
  force?: boolean;
  prune?: boolean;
  dryRun?: boolean;
  /**
   * Reuse fingerprints of skills whose files are unchanged (by stat) since an earlier audit, kept
   * under `$HERMES_HOME/wizard-council/cache/` (default false here; the CLI turns it on). Only a
   * plain audit uses it: `fix` and `dryRun` read every file they judge.
   */
  cache?: boolean;
  /** Where the cache lives instead (default: `$SKILLS_AUDIT_CACHE_DIR`, else under HERMES_HOME). */
  cacheDir?: string;
  now?: Date;
}

/** A finding's `data`: the verdict, both paths and the file-level difference. */
export interface SkillFindingData {
  name: string;
  state: SkillState | null;
  sourcePath: string;
  targetPath: string;
  diff: SkillDiff;
  action?: FixAction;
  skippedLinks?: string[];
  [key: string]: unknown;
}

/** The report's `data`. */
export interface AuditData {
  mode: "audit" | "fix" | "dry-run";
  source: string;
  sourceFrom: AuditLocations["sourceFrom"];
  target: string;
  manifest: string;
  backups: string;
  force: boolean;
  prune: boolean;
  states: Record<SkillState, number>;
  actions: FixAction[];
  recovered: string[];
}

/**
 * Compares the source skills with a target skills folder and, with `fix`, brings the target up to
 * date (see ../shared/spec/skills.md). Returns the report; never prints. With `fix`, findings show
 * each skill's state after the run and the action applied.
 */
export async function auditSkills(opts: AuditOptions = {}): Promise<Report<AuditData>> {
  // Before anything is read: files changed later than two seconds before it are not cached.
  const startedMs = Date.now();
  const now = opts.now ?? new Date();
  const loc = resolveLocations(opts);
  const dryRun = !!opts.dryRun;
  const fix = !!opts.fix && !dryRun;
  const flags = { force: !!opts.force, prune: !!opts.prune };
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const manifestFile = manifestPath(loc.target);
  let lock: Lock | undefined;
  let recovered: string[] = [];
  // A plain audit also finishes what a killed --fix left behind (else a skill renamed aside would
  // read as DELETED); --dry-run never writes, not even that.
  const recover = !dryRun && existsSync(join(loc.target, STAGING_DIR));
  if (fix || recover) {
    // Staging and backups live under <target>/.archive: through a symlink there, a swap or a
    // recovery would write outside the target.
    const unsafe = unsafeWriteReason(loc.target, `${STAGING_DIR}/x`) ?? unsafeWriteReason(loc.target, `${BACKUP_DIR}/x`);
    if (unsafe) throw new ToolError("UNSAFE_TARGET", `cannot stage or back up skills: ${unsafe}`, { path: join(loc.target, ".archive") });
  }
  if (fix) mkdirSync(loc.target, { recursive: true });
  if (fix || recover) lock = acquireLockSync(join(loc.target, ".skills-audit.lock"), { waitMs: 10_000, staleMs: 10 * 60_000 });
  // --fix and --dry-run read every file they judge; only a plain audit trusts cached fingerprints.
  const env = opts.env ?? process.env;
  const caches = opts.cache && !opts.fix && !dryRun ? openAuditCaches(resolveHermesHome(opts.hermesHome, env), loc, env, startedMs, cacheDirOption(opts.cacheDir, env)) : undefined;
  try {
    if (lock) {
      recovered = [...recoverStaging(loc.target, stamp), ...removeTornManifestTemps(loc.target)];
      tidyStaging(loc.target);
    }
    let manifest = readManifest(manifestFile);
    const inventories = takeInventories(loc.source, loc.target, caches);
    if (caches) saveAuditCaches(caches, inventories.caches);
    let evals = evaluateSkills(inventories, manifest, loc);
    const actions = opts.fix || dryRun ? planFixes(evals, flags) : [];
    if (fix && actions.length > 0) {
      const before = formatManifest(manifest);
      applyFixes(actions, evals, loc.target, manifest, stamp);
      if (formatManifest(manifest) !== before) writeManifest(manifestFile, manifest);
      tidyStaging(loc.target);
      manifest = readManifest(manifestFile);
      evals = evaluateSkills(takeInventories(loc.source, loc.target), manifest, loc);
    }
    const byId = new Map(actions.map((a) => [a.id, a]));
    const findings = evals.map((ev) => toFinding(ev, byId.get(ev.id), dryRun));
    const judged = new Set(evals.map((ev) => ev.id));
    for (const a of actions) if (!judged.has(a.id)) findings.push(prunedFinding(a, loc.target));
    findings.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const states = { OK: 0, MISSING: 0, OUTDATED: 0, MODIFIED: 0, CONVERGED: 0, DELETED: 0, EXTRA: 0 };
    for (const ev of evals) if (ev.state) states[ev.state] += 1;
    return createReport<AuditData>({
      tool: "skills-audit",
      version: pkg.version,
      now,
      findings,
      data: {
        mode: fix ? "fix" : dryRun ? "dry-run" : "audit",
        source: loc.source,
        sourceFrom: loc.sourceFrom,
        target: loc.target,
        manifest: manifestFile,
        backups: join(loc.target, BACKUP_DIR),
        ...flags,
        states,
        actions,
        recovered,
      },
    });
  } finally {
    lock?.release();
  }
}

/** A skill that --prune removed has no verdict left; it still gets its finding, saying where it went. */
function prunedFinding(a: FixAction, target: string): Finding {
  const data: SkillFindingData = { name: a.name, state: "EXTRA", sourcePath: "", targetPath: join(target, a.id), diff: { onlyInSource: [], onlyInTarget: [], changed: [] }, action: a };
  return { id: a.id, status: "ok", title: `${a.id}: pruned`, message: `was EXTRA (in the target only); removed, copy kept in ${a.backup}`, data };
}

function toFinding(ev: Evaluation, action: FixAction | undefined, dryRun: boolean): Finding {
  const data: SkillFindingData = { name: ev.name, state: ev.state ?? null, sourcePath: ev.sourcePath, targetPath: ev.targetPath, diff: ev.diff };
  if (action) data.action = action;
  if (ev.error || !ev.state) {
    return { id: ev.id, status: "error", title: `${ev.id}: cannot audit`, message: ev.error ?? "not found on either side", data };
  }
  let status = STATE_STATUS[ev.state];
  let message = explainState(ev.state, ev.diff, ev);
  const skipped = ev.source?.escapingLinks ?? [];
  if (skipped.length > 0) {
    data.skippedLinks = skipped;
    message += `; source symlinks pointing outside the skill are skipped, never copied: ${skipped.join(", ")}`;
    if (status === "ok") status = "warn";
  }
  if (action?.error) {
    status = "error";
    message += `; ${action.action} failed: ${action.error}`;
  } else if (action) {
    message += dryRun ? `; dry run: would ${action.action}` : `; ${action.action} done${action.backup ? `, previous copy kept in ${action.backup}` : ""}`;
  }
  const finding: Finding = { id: ev.id, status, title: `${ev.id}: ${ev.state}`, message, data };
  const hint = fixHint(ev.state);
  if (hint && status !== "ok") finding.fix = hint;
  return finding;
}

/** An explicit cache folder from the option or `SKILLS_AUDIT_CACHE_DIR` (`~` expanded), if any. */
function cacheDirOption(dir: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const chosen = dir || env.SKILLS_AUDIT_CACHE_DIR;
  return chosen ? expandHome(chosen) : undefined;
}
