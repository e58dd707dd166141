import { createPathLookup, createReport, expandHome, interopDefault, loadHostEnv, resolveHermesHome, ToolError, type HostEnv, type Report } from "@wizard-council/kit";
import { checkSkillMeta, findSkills, readRequirements, readSkillMd, type Requirement, type SkillLocation } from "@wizard-council/skill-md";
import pkg from "../package.json" with { type: "json" };
import { checkRequirement, type CheckContext, type RequirementResult } from "./requirement-check.ts";
import { skillFinding, type SkillOutcome } from "./skill-finding.ts";
import { resolveSkillsDirs, type SkillsDir } from "./skills-dirs.ts";
import { createVersionProber } from "./version-probe.ts";
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

/** Checks every skill's declared binaries, env vars and credential files; one finding per skill. */
export async function checkDependencies(opts: CheckDependenciesOptions = {}): Promise<Report<DependencyReportData>> {
  const env = opts.env ?? process.env;
  const hermesHome = opts.hermesHome ? expandHome(opts.hermesHome) : resolveHermesHome(undefined, env);
  const platform = resolvePlatform(opts.platform);
  const dirs = resolveSkillsDirs(opts.skillsDirs, env, hermesHome);
  const seen = new Map<string, SkillLocation>();
  const shadowed: DependencyReportData["shadowed"] = [];
  const outcomes: SkillOutcome[] = [];
  for (const dir of dirs.filter((d) => d.exists)) {
    const found = findSkills(dir.path);
    for (const p of found.problems) {
      // Ids stay unique across skills dirs: an earlier dir's problem or skill with the same id wins.
      if (outcomes.some((o) => o.id === p.id) || seen.has(p.id)) shadowed.push({ id: p.id, dir: p.path });
      else outcomes.push({ id: p.id, dir: p.path, errors: [{ field: "path", message: `${p.path}: ${p.message}` }], warnings: [], requirements: [] });
    }
    for (const s of found.skills) {
      if (seen.has(s.id) || outcomes.some((o) => o.id === s.id)) shadowed.push({ id: s.id, dir: s.dir });
      else seen.set(s.id, s);
    }
  }

  // semver is imported only when some skill declares a version range; answers are cached per (version, range).
  let semverLoading: Promise<typeof import("semver")> | undefined;
  const loadSemverOnce = () => (semverLoading ??= loadSemver());
  const cache = new Map<string, boolean>();
  const cached = (key: string, compute: () => boolean): boolean => {
    let v = cache.get(key);
    if (v === undefined) cache.set(key, (v = compute()));
    return v;
  };
  let semver: typeof import("semver") | undefined;
  let hostEnv: HostEnv | undefined;
  const versions = createVersionProber({ timeoutMs: opts.versionTimeoutMs ?? 5000, env, coerce: async (t) => (await loadSemverOnce()).coerce(t) });
  const ctx: CheckContext = {
    // The lookup follows the OS we run on; `--platform` only decides which skills are gated out.
    path: createPathLookup(env.PATH ?? env.Path, process.platform, env.PATHEXT),
    versions,
    hostEnv: () => (hostEnv ??= loadHostEnv(hermesHome, env)),
    hermesHome,
    satisfies: (v, r) => cached(`${v}\0${r}`, () => semver!.satisfies(v, r)),
    validRange: (r) => cached(`\0${r}`, () => semver!.validRange(r) !== null),
  };

  const wanted = opts.skills && opts.skills.length > 0 ? new Set(opts.skills) : undefined;
  const matched = new Set<string>();
  const prepared: PreparedSkill[] = [];
  for (const loc of seen.values()) {
    const parsed = readSkillMd(loc.skillMd);
    if (wanted) {
      const keys = [loc.id, loc.folderName, ...(parsed.ok && parsed.name ? [parsed.name] : [])].filter((k) => wanted.has(k));
      if (keys.length === 0) continue;
      keys.forEach((k) => matched.add(k));
    }
    const p = prepareSkill(loc, parsed, platform);
    prepared.push(p);
    // Start `--version` probes while the remaining skills are still being read, so the children's
    // run time overlaps the parsing instead of following it.
    for (const r of p.pending) {
      if (r.kind !== "binary" || r.versionRange === undefined) continue;
      const found = ctx.path.find(r.name);
      if (found) versions.probe(found).catch(() => undefined);
    }
  }
  if (wanted) {
    const unknown = [...wanted].filter((w) => !matched.has(w));
    if (unknown.length > 0) throw new ToolError("SKILL_NOT_FOUND", `no skill named ${unknown.map((u) => `"${u}"`).join(", ")} in ${dirs.map((d) => d.path).join(", ")}`, { path: unknown[0] });
  }
  if (prepared.some((p) => p.pending.some((r) => r.versionRange !== undefined))) semver = await loadSemverOnce();
  const checked = await Promise.all(prepared.map((p) => {
    const results = p.pending.map((r) => checkRequirement(r, ctx));
    const outcome = (requirements: RequirementResult[]): SkillOutcome => ({ ...p.outcome, requirements });
    return results.some((r) => r instanceof Promise) ? Promise.all(results).then(outcome) : outcome(results as RequirementResult[]);
  }));
  const all = [...(wanted ? [] : outcomes), ...checked].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createReport({
    tool: "dependency-checker",
    version: pkg.version,
    findings: all.map(skillFinding),
    data: { platform, hermesHome, skillsDirs: dirs, shadowed, versionProbes: versions.spawned },
    now: opts.now,
  });
}

interface PreparedSkill {
  outcome: SkillOutcome;
  /** Requirements still to check against the host (none when the skill errored or is gated out). */
  pending: Requirement[];
}

function prepareSkill(loc: SkillLocation, parsed: ReturnType<typeof readSkillMd>, platform: PlatformName): PreparedSkill {
  const base = { id: loc.id, dir: loc.dir, warnings: [], requirements: [] };
  if (!parsed.ok) return { outcome: { ...base, errors: [{ field: parsed.error.field ?? "SKILL.md", message: parsed.error.message }] }, pending: [] };
  const { requirements, platforms, errors } = readRequirements(parsed.frontmatter);
  const outcome: SkillOutcome = { ...base, name: parsed.name, errors, warnings: checkSkillMeta(parsed, loc.folderName) };
  if (platforms && !platforms.includes(platform)) return { outcome: { ...outcome, skippedFor: platform }, pending: [] };
  return { outcome, pending: requirements };
}

async function loadSemver(): Promise<typeof import("semver")> {
  return interopDefault(await import("semver"));
}
