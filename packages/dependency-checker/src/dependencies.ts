import { join } from "node:path";
import { createPathLookup, createReport, expandHome, interopDefault, knownSecrets, loadHostEnv, resolveHermesHome, ToolError, type Finding, type HostEnv, type Report } from "@wizard-council/kit";
import { parseSkillFrontmatter, readSkillMdHead, type Requirement, type ScannedSkill, type YamlModule } from "@wizard-council/skill-md";
import pkg from "../package.json" with { type: "json" };
import { checkNow, type CheckContext, type RequirementResult } from "./requirement-check.ts";
import { skillFinding, type SkillOutcome } from "./skill-finding.ts";
import { collectSkills, type PendingOutcome } from "./skill-collect.ts";
import { resolveSkillsDirs, type SkillsDir } from "./skills-dirs.ts";
import { createVersionProber, type VersionProber, type VersionResult } from "./version-probe.ts";
import { coerceSimple, isSimpleRange, satisfiesSimple } from "./semver-lite.ts";
import { summarizeSkill, type SkillSummary } from "./skill-summary.ts";
import { openCheckCache, type CheckCache } from "./check-cache.ts";
import { replayReport, rememberReport, reportJson } from "./report-memo.ts";
import { resolvePlatform, type PlatformName } from "./platform.ts";

/** Options of {@link checkDependencies}; every default comes from `env`, never from globals. */
export interface CheckDependenciesOptions {
  /** Skills roots, first wins on duplicate ids (default: `DEPENDENCY_CHECKER_SKILLS_DIRS`, else `$HERMES_HOME/skills`). */
  skillsDirs?: string[];
  /** Only these skills (by id `<category>/<skill>`, folder name or frontmatter name). */
  skills?: string[];
  /** `auto` (default), `linux`, `macos` or `windows`. */
  platform?: string;
  hermesHome?: string;
  env?: NodeJS.ProcessEnv;
  /** Timeout of each `<bin> --version` probe (default 5000 ms). */
  versionTimeoutMs?: number;
  /**
   * Keep SKILL.md summaries and `--version` answers between runs (check-cache.ts): `true` for
   * `$HERMES_HOME/wizard-council/cache/dependency-checker.json`, or the file to use. Off by default.
   */
  cache?: boolean | string;
  now?: Date;
}

/** The report's `data`: where it looked and for which OS. */
export interface DependencyReportData {
  platform: PlatformName;
  hermesHome: string;
  skillsDirs: SkillsDir[];
  /** Skills hidden by one with the same id in an earlier skills dir. */
  shadowed: { id: string; dir: string }[];
  /** How many `--version` processes ran (each binary path is probed once per run). */
  versionProbes: number;
}

/** Skills read between two turns of the event loop, so finished `--version` probes are collected and queued ones start. */
const YIELD_EVERY = 100;

/** Checks every skill's declared binaries, env vars and credential files; one finding per skill. */
export async function checkDependencies(opts: CheckDependenciesOptions = {}): Promise<Report<DependencyReportData>> {
  const run = openRun(opts);
  const outcomes = await checkSkills(run);
  // Everything the cache learns is known now: write it and let it go before the report is built.
  run.save();
  return createReport({ ...run.envelope(), findings: findingsOf(outcomes) });
}

/**
 * The same report as {@link checkDependencies}, and its JSON text (what the CLI prints: byte for
 * byte `JSON.stringify` of that report). The returned report is the envelope only; the findings are
 * in the text. With the cache on and no `skills` filter, a run whose skills, options and check
 * results all equal the previous run's prints that run's findings again (report-memo.ts).
 */
export async function checkDependenciesAsJson(opts: CheckDependenciesOptions = {}): Promise<{ report: Report<DependencyReportData>; json: string }> {
  const run = openRun(opts);
  const memo = run.store && !run.wanted && run.problems.length === 0 ? run.store : undefined;
  if (memo) {
    const kept = await replayReport(memo, run.skills, run.ctx, run.scope, run.loadSemver);
    if (kept) {
      run.save();
      return reportJson({ ...createReport({ ...run.envelope(), findings: [], status: kept.status }), summary: kept.summary }, kept.findings);
    }
  }
  const outcomes = await checkSkills(run);
  const findings = findingsOf(outcomes);
  const report = createReport({ ...run.envelope(), findings });
  const text = JSON.stringify(findings);
  if (memo) rememberReport(memo, run.skills, outcomes, run.scope, run.ctx.hostEnv, { findings: text, status: report.status, summary: report.summary });
  run.save();
  return reportJson(report, text);
}

/** A run under way: its setting, the skills found, the open cache and what checks need. */
interface Run {
  skills: ScannedSkill[];
  problems: PendingOutcome[];
  wanted: Set<string> | undefined;
  dirs: SkillsDir[];
  store: CheckCache | undefined;
  ctx: CheckContext;
  versions: VersionProber;
  /** What findings depend on besides the skills and the host: see report-memo.ts. */
  scope: { platform: PlatformName; hermesHome: string };
  /** Imports semver (once) for a range or version the simple forms do not cover. */
  loadSemver: () => Promise<unknown>;
  /** True once something asked for semver (a `--version` output that was not a plain x.y.z). */
  semverStarted: () => boolean;
  /** The report's fields but its findings. */
  envelope: () => { tool: string; version: string; data: DependencyReportData; now: Date | undefined };
  /** Writes what the cache learnt, if anything, and lets it go. */
  save: () => void;
}

/** Everything a run needs before it reads a SKILL.md: settings, the skills dirs walked, the cache opened. */
function openRun(opts: CheckDependenciesOptions): Run {
  // process.env is a C++-backed object: thousands of lookups in it cost more than one copy.
  const env = opts.env === undefined || opts.env === process.env ? { ...process.env } : opts.env;
  const hermesHome = opts.hermesHome ? expandHome(opts.hermesHome) : resolveHermesHome(undefined, env);
  const platform = resolvePlatform(opts.platform);
  const dirs = resolveSkillsDirs(opts.skillsDirs, env, hermesHome);
  const { skills, problems, shadowed } = collectSkills(dirs);
  const cacheFile = opts.cache === true ? join(hermesHome, "wizard-council", "cache", "dependency-checker.json") : opts.cache || undefined;
  const store = cacheFile ? openCheckCache(cacheFile, { toolVersion: pkg.version, env, cwd: process.cwd(), now: (opts.now ?? new Date()).getTime() }) : undefined;

  // semver is imported only for a range or a --version output the simple forms do not cover
  // (semver-lite.ts); answers are cached per (version, range).
  let semver: typeof import("semver") | undefined;
  let semverLoading: Promise<typeof import("semver")> | undefined;
  const loadSemverOnce = () => (semverLoading ??= loadSemver().then((m) => (semver = m)));
  const cache = new Map<string, boolean>();
  const cached = (key: string, compute: () => boolean): boolean => {
    let v = cache.get(key);
    if (v === undefined) cache.set(key, (v = compute()));
    return v;
  };
  let hostEnv: HostEnv | undefined;
  const coerce = (text: string) => {
    const simple = coerceSimple(text);
    return simple !== undefined ? { version: simple } : loadSemverOnce().then((m) => m.coerce(text));
  };
  const versions = createVersionProber({ timeoutMs: opts.versionTimeoutMs ?? 5000, env, coerce });
  const ctx: CheckContext = {
    // The lookup follows the OS we run on; `--platform` only decides which skills are gated out.
    path: createPathLookup(env.PATH ?? env.Path, process.platform, env.PATHEXT),
    versions,
    hostEnv: () => (hostEnv ??= loadHostEnv(hermesHome, env)),
    hermesHome,
    satisfies: (v, r) => cached(`${v}\0${r}`, () => satisfiesSimple(v, r) ?? semver!.satisfies(v, r)),
    validRange: (r) => cached(`\0${r}`, () => isSimpleRange(r) || semver!.validRange(r) !== null),
  };
  return {
    skills,
    problems,
    wanted: opts.skills && opts.skills.length > 0 ? new Set(opts.skills) : undefined,
    dirs,
    store,
    ctx,
    versions,
    scope: { platform, hermesHome },
    loadSemver: loadSemverOnce,
    semverStarted: () => semverLoading !== undefined,
    envelope: () => ({ tool: "dependency-checker", version: pkg.version, data: { platform, hermesHome, skillsDirs: dirs, shadowed, versionProbes: versions.spawned }, now: opts.now }),
    save: () => store?.save(() => knownSecrets(env, hermesHome)),
  };
}

/** Reads (or takes from the cache) every skill's summary, runs the `--version` probes, checks each requirement: outcomes by id. */
async function checkSkills(run: Run): Promise<PendingOutcome[]> {
  const { skills, problems, wanted, store, ctx, versions, dirs } = run;
  const platform = run.scope.platform;
  const matched = new Set<string>();
  const outcomes: PendingOutcome[] = wanted ? [] : problems;
  // Answers of the probes started so far, by executable path (filled in as they finish).
  const answers = new Map<string, VersionResult>();
  let needSemver = false;
  const take = (loc: ScannedSkill, summary: SkillSummary): void => {
    if (wanted) {
      let hit = false;
      for (const k of [loc.id, loc.folderName, summary.name]) {
        if (k && wanted.has(k)) {
          hit = true;
          matched.add(k);
        }
      }
      if (!hit) return;
    }
    const outcome = prepareSkill(loc, summary, platform);
    outcomes.push(outcome);
    // Start each `--version` probe as soon as a skill asks for it, so the children run while the
    // remaining skills are read instead of after.
    const pending = outcome.pending;
    for (let i = 0; i < pending.length; i++) {
      const r = pending[i]!;
      if (r.kind !== "binary" || r.versionRange === undefined) continue;
      if (!isSimpleRange(r.versionRange)) needSemver = true;
      const found = ctx.path.find(r.name);
      if (found && !answers.has(found)) {
        const kept = store?.version(found);
        if (kept) answers.set(found, kept);
        else {
          answers.set(found, PENDING);
          versions.probe(found).then((v) => {
            answers.set(found, v);
            store?.rememberVersion(found, v);
          }, () => undefined);
        }
      }
    }
  };

  // The fast path reads only each SKILL.md's frontmatter and never loads `yaml`; the few blocks
  // outside its YAML subset wait until every other skill is read, then `yaml` is imported once.
  const needYaml: { loc: ScannedSkill; text: string }[] = [];
  const summarize = (loc: ScannedSkill, parsed: Parameters<typeof summarizeSkill>[0]): SkillSummary => {
    const summary = summarizeSkill(parsed, loc.folderName);
    if (store && loc.stat) store.rememberSkill(loc.skillMd, loc.stat, summary);
    return summary;
  };
  for (let i = 0; i < skills.length; i++) {
    const loc = skills[i]!;
    const kept = store && loc.stat ? store.skill(loc.skillMd, loc.stat) : undefined;
    if (kept) take(loc, kept);
    else {
      const head = readSkillMdHead(loc.skillMd, { regularFile: loc.regularFile });
      const parsed = head.ok ? parseSkillFrontmatter(head.text) : head;
      if (parsed) take(loc, summarize(loc, parsed));
      else needYaml.push({ loc, text: (head as { text: string }).text });
    }
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await turn();
  }
  if (needYaml.length > 0) {
    const yaml = interopDefault(await import("yaml")) as YamlModule;
    for (const { loc, text } of needYaml) take(loc, summarize(loc, parseSkillFrontmatter(text, yaml)!));
  }
  if (wanted) {
    const unknown = [...wanted].filter((w) => !matched.has(w));
    if (unknown.length > 0) throw new ToolError("SKILL_NOT_FOUND", `no skill named ${unknown.map((u) => `"${u}"`).join(", ")} in ${dirs.map((d) => d.path).join(", ")}`, { path: unknown[0] });
  }
  for (const [path, v] of answers) if (v === PENDING) answers.set(path, await versions.probe(path));
  // A probe whose output was not a plain x.y.z has loaded semver already; its version may need it too.
  if (needSemver || run.semverStarted()) await run.loadSemver();

  // Requirements read from the cache are shared by every skill declaring the same thing (the
  // same object): check each once, and let the findings share its result.
  const memo = store && store.hits.skills > 0 ? new Map<Requirement, RequirementResult>() : undefined;
  for (let n = 0; n < outcomes.length; n++) {
    const o = outcomes[n]!;
    const pending = o.pending;
    if (pending.length === 0) continue;
    const results: RequirementResult[] = new Array(pending.length);
    for (let i = 0; i < pending.length; i++) {
      const r = pending[i]!;
      let res = memo?.get(r);
      if (res === undefined) {
        const found = r.kind === "binary" && r.versionRange !== undefined ? ctx.path.find(r.name) : undefined;
        res = checkNow(r, ctx, found === undefined ? undefined : answers.get(found));
        memo?.set(r, res);
      }
      results[i] = res;
    }
    o.requirements = results;
  }
  outcomes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return outcomes;
}

const PENDING: VersionResult = { ok: false, reason: "pending" };

/** One finding per outcome, in order. */
function findingsOf(outcomes: readonly PendingOutcome[]): Finding[] {
  const findings = new Array<Finding>(outcomes.length);
  for (let i = 0; i < outcomes.length; i++) findings[i] = skillFinding(outcomes[i]!);
  return findings;
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A skill's outcome before its requirements are checked against the host (none when it errored or is gated out). */
function prepareSkill(loc: { id: string; dir: string }, s: SkillSummary, platform: PlatformName): PendingOutcome {
  if (s.failure) return outcomeOf(loc.id, loc.dir, undefined, [{ field: s.failure.field, message: s.failure.message }], [], undefined, NONE);
  if (s.platforms && !s.platforms.includes(platform)) return outcomeOf(loc.id, loc.dir, s.name, s.errors, s.warnings, platform, NONE);
  return outcomeOf(loc.id, loc.dir, s.name, s.errors, s.warnings, undefined, s.requirements);
}

const NONE: Requirement[] = [];

/** Every outcome with the same keys in the same order (one object shape for thousands of them). */
function outcomeOf(id: string, dir: string, name: string | undefined, errors: SkillOutcome["errors"], warnings: SkillOutcome["warnings"], skippedFor: string | undefined, pending: Requirement[]): PendingOutcome {
  return { id, dir, name, errors, warnings, requirements: [], skippedFor, pending };
}

async function loadSemver(): Promise<typeof import("semver")> {
  return interopDefault(await import("semver"));
}
