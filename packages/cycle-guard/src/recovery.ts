import { existsSync, renameSync } from "node:fs";
import { dirname } from "node:path";
import { isToolError, ToolError, type Report } from "@wizard-council/kit";
import { acquireLockSync } from "@wizard-council/kit";
import { markAborted, staleReason, type CycleEvent } from "./cycle.ts";
import { cycleReport, okFinding, type CommandOptions, type CycleData } from "./cycle-report.ts";
import { lockPathFor, resolveLockWaitMs, resolveStatePath } from "./state-path.ts";
import { readState } from "./state.ts";
import { mutateState } from "./store.ts";

/** Default idle limit of `resume`, in minutes. */
export const DEFAULT_STALE_MINUTES = 30;

/**
 * `resume`: the crash-recovery gate. An in-progress cycle with no activity for longer than the
 * limit, or whose open slice is older than it, is aborted (and journaled) with a
 * `crash recovery — …` reason; a live cycle, or none, is left alone. Always exit 0.
 */
export function resumeCycle(opts: CommandOptions & { staleMinutes?: number }): Report<CycleData & { staleMinutes: number }> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const staleMinutes = opts.staleMinutes ?? DEFAULT_STALE_MINUTES;
  const limitMs = staleMinutes * 60_000;
  const statePath = resolveStatePath(opts);
  const seen = readState(statePath);
  // Most calls find a live cycle: answer those without taking the lock.
  const outcome = seen && staleReason(seen, now.getTime(), limitMs) !== undefined
    ? mutateState(statePath, resolveLockWaitMs(opts.lockWaitMs, opts.env), at, (state) => {
        const reason = state ? staleReason(state, now.getTime(), limitMs) : undefined;
        if (!state || reason === undefined) return { next: undefined, finished: [], result: { state, reason } };
        markAborted(state, reason, at);
        return { next: state, finished: [state], result: { state, reason } };
      })
    : { state: seen, reason: undefined };
  const { state, reason } = outcome;
  const data = { statePath, cycle: state ?? null, staleMinutes };
  if (state && reason !== undefined) {
    const event: CycleEvent = { type: "cycle_aborted", at, cycleId: state.cycle_id, reason };
    return cycleReport([{ id: "cycle-guard/resume", status: "warn", title: `aborted stale cycle ${state.cycle_id}: ${state.target}`, message: reason }], { ...data, event }, now);
  }
  const title = state?.status === "in_progress" ? `cycle ${state.cycle_id} is active: ${state.target}` : "no cycle in progress";
  return cycleReport([okFinding("cycle-guard/resume", title)], data, now);
}

/**
 * `reset --yes`: moves a corrupt state file aside to `<file>.corrupt-<ts>` and starts empty.
 * Without `yes` it refuses; a valid state file is never reset (abort its cycle instead).
 */
export function resetState(opts: CommandOptions & { yes?: boolean }): Report<CycleData> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const statePath = resolveStatePath(opts);
  if (!opts.yes) {
    throw new ToolError("CONFIRMATION_REQUIRED", "reset moves the state file aside and starts empty; pass --yes to confirm", { path: statePath });
  }
  if (!existsSync(dirname(statePath))) {
    return cycleReport([okFinding("cycle-guard/reset", "nothing to reset: no state file")], { statePath, cycle: null }, now);
  }
  const lock = acquireLockSync(lockPathFor(statePath), { waitMs: resolveLockWaitMs(opts.lockWaitMs, opts.env) });
  try {
    let state;
    try {
      state = readState(statePath);
    } catch (err) {
      if (!isToolError(err) || err.code !== "CORRUPT_STATE") throw err;
      const movedTo = `${statePath}.corrupt-${at.replace(/[-:.]/g, "")}`;
      renameSync(statePath, movedTo);
      const event: CycleEvent = { type: "state_reset", at, cycleId: null, movedTo };
      return cycleReport([okFinding("cycle-guard/reset", "moved the corrupt state file aside; starting empty", movedTo)], { statePath, cycle: null, event }, now);
    }
    if (state) {
      throw new ToolError("STATE_NOT_CORRUPT", `state file is valid (cycle ${state.cycle_id} is ${state.status}); reset only moves a corrupt file aside — use "cycle-guard abort <reason>" to end a cycle`, { path: statePath });
    }
    return cycleReport([okFinding("cycle-guard/reset", "nothing to reset: no state file")], { statePath, cycle: null }, now);
  } finally {
    lock.release();
  }
}
