import { findSkills, type DiscoverResult, type SkillFile } from "@wizard-council/skill-md";
import type { SkillDiff } from "./diff.ts";
import type { PairResult, PairTask } from "./skill-pair.ts";
import { readMeta, type SkillMeta } from "./skill-print.ts";

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
}

/** The skills found under the source and the target, paired by id into tasks. */
export interface InventoryPlan {
  source: DiscoverResult;
  target: DiscoverResult;
  ids: string[];
  tasks: PairTask[];
}

/**
 * Finds the skills under both roots (a missing root has none) and pairs them by id. Source
 * SKILL.md files are parsed while fingerprinting: the verdict always needs their name.
 */
export function planInventories(sourceRoot: string, targetRoot: string): InventoryPlan {
  const source = findSkills(sourceRoot);
  const target = findSkills(targetRoot);
  const byId = new Map<string, PairTask>();
  for (const loc of source.skills) byId.set(loc.id, { source: { dir: loc.dir, skillMd: loc.skillMd, parseNow: true } });
  for (const loc of target.skills) {
    const task = byId.get(loc.id) ?? {};
    task.target = { dir: loc.dir, skillMd: loc.skillMd, parseNow: false };
    byId.set(loc.id, task);
  }
  return { source, target, ids: [...byId.keys()], tasks: [...byId.values()] };
}

/** Builds both inventories from a plan and the results of its tasks (in task order). */
export function assembleInventories(plan: InventoryPlan, results: readonly PairResult[]): Inventories {
  const byId = new Map(plan.ids.map((id, i) => [id, results[i]!]));
  const diffs = new Map<string, SkillDiff>();
  for (const [id, r] of byId) if (r.diff) diffs.set(id, r.diff);
  return {
    source: assemble(plan.source, (id) => byId.get(id)!.source!),
    target: assemble(plan.target, (id) => byId.get(id)!.target!),
    diffs,
  };
}

function assemble(found: DiscoverResult, resultOf: (id: string) => NonNullable<PairResult["source"]>): Inventory {
  const skills = new Map<string, SkillEntry>();
  const problems = [...found.problems];
  for (const loc of found.skills) {
    const r = resultOf(loc.id);
    // One unreadable file makes that skill an error finding; the others are still audited.
    if (r.problem) {
      problems.push({ id: loc.id, ...r.problem });
      continue;
    }
    const { print } = r;
    let meta = print.meta;
    skills.set(loc.id, {
      id: loc.id,
      dir: loc.dir,
      folderName: loc.folderName,
      hermes: print.hermes,
      clean: print.clean,
      get files() {
        return print.files;
      },
      escapingLinks: print.escapingLinks,
      meta: () => (meta ??= readMeta(print.skillMdText, loc.skillMd)),
    });
  }
  return { skills, problems };
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
