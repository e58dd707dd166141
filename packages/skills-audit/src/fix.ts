import { dirname, join } from "node:path";
import { fsyncDir } from "@wizard-council/kit";
import { fingerprintSkill } from "@wizard-council/skill-md";
import type { Evaluation } from "./evaluate.ts";
import { removeSkill, swapInSkill } from "./install.ts";
import type { Manifest } from "./manifest.ts";

/** What `--fix` does (or, with `--dry-run`, would do) to one skill. */
export type FixKind = "install" | "update" | "replace" | "reinstall" | "rebaseline" | "record" | "prune";

/** One planned or applied action; `backup` is where a replaced or pruned copy went. */
export interface FixAction {
  id: string;
  name: string;
  action: FixKind;
  from: string;
  done: boolean;
  backup?: string;
  error?: string;
}

/** The action a verdict calls for under the given flags, or undefined to leave the skill alone. */
export function planAction(ev: Evaluation, flags: { force: boolean; prune: boolean }): FixKind | undefined {
  if (ev.error || !ev.state) return undefined;
  switch (ev.state) {
    case "MISSING": return "install";
    case "OUTDATED": return "update";
    case "CONVERGED": return "rebaseline";
    case "OK": return ev.recorded === undefined ? "record" : undefined;
    case "MODIFIED": return flags.force ? "replace" : undefined;
    case "DELETED": return flags.force ? "reinstall" : undefined;
    case "EXTRA": return flags.prune ? "prune" : undefined;
  }
}

/** Plans every action without touching anything (the `--dry-run` answer). */
export function planFixes(evals: readonly Evaluation[], flags: { force: boolean; prune: boolean }): FixAction[] {
  const actions: FixAction[] = [];
  for (const ev of evals) {
    const action = planAction(ev, flags);
    if (action) actions.push({ id: ev.id, name: ev.name, action, from: ev.state!, done: false });
  }
  return actions;
}

/**
 * Applies planned actions one skill at a time, updating `manifest` in memory with the hermes
 * fingerprint of what is now installed. A failure is recorded on its action; the others go on.
 */
export function applyFixes(actions: FixAction[], evals: readonly Evaluation[], target: string, manifest: Manifest, stamp: string): void {
  const byId = new Map(evals.map((e) => [e.id, e]));
  const touched = new Set<string>();
  for (const a of actions) {
    touched.add(dirname(join(target, a.id)));
    const ev = byId.get(a.id)!;
    try {
      switch (a.action) {
        case "install":
        case "update":
        case "replace":
        case "reinstall": {
          const files = ev.source!.files.filter((f) => !f.junk);
          // An update decided by version alone (no sync recorded) cannot prove the copy is unedited: keep it too.
          const backup = a.action === "replace" || (a.action === "update" && !ev.recorded);
          const result = swapInSkill(target, a.id, files, { backup, stamp });
          if (result.backup) a.backup = result.backup;
          manifest.set(a.name, fingerprintSkill(join(target, a.id)));
          break;
        }
        case "rebaseline":
        case "record":
          manifest.set(a.name, ev.target!.hermes);
          break;
        case "prune":
          a.backup = removeSkill(target, a.id, stamp);
          break;
      }
      a.done = true;
    } catch (err) {
      a.error = err instanceof Error ? err.message : String(err);
    }
  }
  // Renames are durable once their folders are synced; once per folder, not once per skill.
  for (const dir of touched) fsyncDir(dir);
}
