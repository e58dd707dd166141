import { scanSkills, type DiscoverResult, type ScannedSkill, type SkillFile, type SkillLocation } from "@wizard-council/skill-md";
import type { SkillDiff } from "./diff.ts";
import type { RootCache } from "./fingerprint-cache.ts";
import { compareSkillPair, type PairResult, type PairTask } from "./skill-pair.ts";
import { CACHE_HIT, readMeta, type PrintResult, type PrintTask, type SkillMeta, type SkillPrint } from "./skill-print.ts";

/** One skill folder under a root, fingerprinted. `meta()` parses its SKILL.md on first use only. */
export interface SkillEntry {
  id: string;
  dir: string;
  folderName: string;
  /** The hermes-agent fingerprint (what `.bundled_manifest` records). */
  hermes: string;
  /** The same fingerprint without OS junk (what decides equality). */
  clean: string;
  files: SkillFile[];
  /** Symlinks that point out of the skill folder: never read, never copied. */
  escapingLinks: string[];
  meta(): SkillMeta;
}

/** Every skill under a root by id, plus what could not be walked (one problem per path). */
export interface Inventory {
  skills: Map<string, SkillEntry>;
  problems: { id: string; path: string; message: string }[];
}

/** Both inventories, and the file-level diff of every skill whose two copies differ. */
export interface Inventories {
  source: Inventory;
  target: Inventory;
  diffs: Map<string, SkillDiff>;
  /** With a cache: what each root's cache holds from now on (entries of skills gone are dropped). */
  caches?: { source: RootCache; target: RootCache };
}

/** The fingerprint caches of both roots as read, and the time after which a change is too recent to cache. */
export interface InventoryCaches {
  source: RootCache;
  target: RootCache;
  racyAfterMs: number;
}

/** The skills found under the source and the target, paired by id into tasks. */
export interface InventoryPlan {
  source: DiscoverResult;
  target: DiscoverResult;
  ids: string[];
  tasks: PairTask[];
  cached: boolean;
}

/**
 * Finds the skills under both roots (a missing root has none) and pairs them by id. Source
 * SKILL.md files are parsed while fingerprinting: the verdict always needs their name.
 */
export function planInventories(sourceRoot: string, targetRoot: string, caches?: InventoryCaches): InventoryPlan {
  const source = scanSkills(sourceRoot);
  const target = scanSkills(targetRoot);
  // The listing's lstat of SKILL.md doubles as its stamp when a cached record is checked.
  const cacheOf = (root: RootCache | undefined, loc: ScannedSkill) =>
    root && caches ? { record: root.get(loc.dir), racyAfterMs: caches.racyAfterMs, skillMdStat: loc.stat } : undefined;
  const byId = new Map<string, PairTask>();
  for (const loc of source.skills) {
    byId.set(loc.id, { source: { dir: loc.dir, skillMd: loc.skillMd, parseNow: true, cache: cacheOf(caches?.source, loc) } });
  }
  for (const loc of target.skills) {
    const task = byId.get(loc.id) ?? {};
    task.target = { dir: loc.dir, skillMd: loc.skillMd, parseNow: false, cache: cacheOf(caches?.target, loc) };
    byId.set(loc.id, task);
  }
  return { source, target, ids: [...byId.keys()], tasks: [...byId.values()], cached: !!caches };
}

/** Both inventories, and the diff of each skill whose copies differ; with `caches`, what they hold from now on. */
export function takeInventories(sourceRoot: string, targetRoot: string, caches?: InventoryCaches): Inventories {
  const plan = planInventories(sourceRoot, targetRoot, caches);
  return assembleInventories(plan, plan.tasks.map(compareSkillPair));
}

/** Builds both inventories from a plan and the results of its tasks (in task order). */
export function assembleInventories(plan: InventoryPlan, results: readonly PairResult[]): Inventories {
  const byId = new Map(plan.ids.map((id, i) => [id, { task: plan.tasks[i]!, result: results[i]! }]));
  const diffs = new Map<string, SkillDiff>();
  for (const [id, { result }] of byId) if (result.diff) diffs.set(id, result.diff);
  const source = assemble(plan.source, (id) => ({ task: byId.get(id)!.task.source!, result: byId.get(id)!.result.source! }), plan.cached);
  const target = assemble(plan.target, (id) => ({ task: byId.get(id)!.task.target!, result: byId.get(id)!.result.target! }), plan.cached);
  return { source: source.inventory, target: target.inventory, diffs, ...(plan.cached ? { caches: { source: source.cache, target: target.cache } } : {}) };
}

function assemble(found: DiscoverResult, sideOf: (id: string) => { task: PrintTask; result: PrintResult }, cached: boolean): { inventory: Inventory; cache: RootCache } {
  const skills = new Map<string, SkillEntry>();
  const problems = [...found.problems];
  const cache: RootCache = new Map();
  for (const loc of found.skills) {
    const { task, result: r } = sideOf(loc.id);
    const record = r.cached === CACHE_HIT ? task.cache?.record : r.cached;
    if (cached && record !== undefined) cache.set(loc.dir, record);
    // One unreadable file makes that skill an error finding; the others are still audited.
    if (r.problem) {
      problems.push({ id: loc.id, ...r.problem });
      continue;
    }
    skills.set(loc.id, new Entry(loc, r.print));
  }
  return { inventory: { skills, problems }, cache };
}

/** A SkillEntry over a print: one class, so every entry has one shape and its accessors live on the prototype. */
class Entry implements SkillEntry {
  readonly id: string;
  readonly dir: string;
  readonly folderName: string;
  readonly hermes: string;
  readonly clean: string;
  readonly escapingLinks: string[];
  #print: SkillPrint;
  #skillMd: string;
  #meta: SkillMeta | undefined;

  constructor(loc: SkillLocation, print: SkillPrint) {
    this.id = loc.id;
    this.dir = loc.dir;
    this.folderName = loc.folderName;
    this.hermes = print.hermes;
    this.clean = print.clean;
    this.escapingLinks = print.escapingLinks;
    this.#print = print;
    this.#skillMd = loc.skillMd;
    this.#meta = print.meta;
  }

  get files(): SkillFile[] {
    return this.#print.files;
  }

  meta(): SkillMeta {
    return (this.#meta ??= readMeta(this.#print.skillMdText, this.#skillMd));
  }
}

/** The name a skill is recorded under in `.bundled_manifest`: its frontmatter `name`, else its folder name. */
export function manifestNameOf(entry: SkillEntry): string {
  const meta = entry.meta();
  return meta.ok && meta.name ? meta.name.trim() : entry.folderName;
}

/** The frontmatter version, when the SKILL.md parses and declares one. */
export function versionOf(entry: SkillEntry | undefined): string | undefined {
  const meta = entry?.meta();
  return meta?.ok ? meta.version : undefined;
}
