import type { Report } from "@wizard-council/kit";
import { ToolError } from "@wizard-council/kit";
import { addSlice, closeOpenSlices, createCycle, cycleDurationMs, markAborted, markCommitted, requireActive, type CycleEvent } from "./cycle.ts";
import { cycleReport, okFinding, type CommandOptions, type CycleData } from "./cycle-report.ts";
import { resolveLockWaitMs, resolveStatePath } from "./state-path.ts";
import { openSlice, type CycleState } from "./state.ts";
import { mutateState, needsJournal } from "./store.ts";
import { formatDuration } from "./timestamp.ts";

/** Statuses `end --status` accepts. */
export const END_STATUSES = ["complete", "failed"] as const;

const FINDING_ID: Record<CycleEvent["type"], string> = {
  cycle_started: "cycle-guard/start", slice_started: "cycle-guard/slice", slice_ended: "cycle-guard/end",
  cycle_committed: "cycle-guard/commit", cycle_aborted: "cycle-guard/abort", state_reset: "cycle-guard/reset",
};

/** Runs one locked state change and wraps its outcome in a report. */
function mutate(opts: CommandOptions, create: boolean, change: (state: CycleState | undefined, at: string, path: string) => { next: CycleState; finished?: CycleState[]; event: CycleEvent; title: string; message?: string }): Report<CycleData> {
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const statePath = resolveStatePath(opts);
  const out = mutateState(statePath, resolveLockWaitMs(opts.lockWaitMs, opts.env), at, (state) => {
    const r = change(state, at, statePath);
    return { next: r.next, finished: r.finished ?? [], result: r };
  }, create);
  return cycleReport([okFinding(FINDING_ID[out.event.type], out.title, out.message)], { statePath, cycle: out.next, event: out.event }, now);
}

/** `start <target>`: begins a cycle; over a running one only with `force`, which aborts and journals it first. */
export function startCycle(opts: CommandOptions & { target: string; details?: string; force?: boolean }): Report<CycleData> {
  const target = nonEmpty(opts.target, "target");
  return mutate(opts, true, (state, at, path) => {
    const finished: CycleState[] = [];
    let supersededCycle: CycleEvent["supersededCycle"];
    if (state?.status === "in_progress") {
      if (!opts.force) {
        throw new ToolError("CYCLE_IN_PROGRESS", `cycle ${state.cycle_id} ("${state.target}") is in progress; commit or abort it, or pass --force to abort it`, { path });
      }
      const reason = `superseded by ${target}`;
      markAborted(state, reason, at);
      finished.push(state);
      supersededCycle = { cycleId: state.cycle_id, reason };
    } else if (needsJournal(state)) {
      finished.push(state); // finished by the older tool: record it before it is replaced
    }
    const next = createCycle(target, opts.details, at);
    const event: CycleEvent = { type: "cycle_started", at, cycleId: next.cycle_id, ...(supersededCycle ? { supersededCycle } : {}) };
    const message = supersededCycle ? `aborted cycle ${supersededCycle.cycleId} (${supersededCycle.reason})` : undefined;
    return { next, finished, event, title: `started cycle ${next.cycle_id}: ${target}`, message };
  });
}

/** `slice <name>`: starts a slice; one still open is ended `superseded` first. */
export function startSlice(opts: CommandOptions & { name: string }): Report<CycleData> {
  const name = nonEmpty(opts.name, "name");
  return mutate(opts, false, (state, at, path) => {
    const next = requireActive(state, path);
    const { superseded } = addSlice(next, name, at);
    const event: CycleEvent = { type: "slice_started", at, cycleId: next.cycle_id, slice: name, ...(superseded !== undefined ? { supersededSlice: superseded } : {}) };
    return { next, event, title: `slice "${name}" started (cycle ${next.cycle_id}, slice ${next.slices.length})`, message: superseded !== undefined ? `ended slice "${superseded}" as superseded` : undefined };
  });
}

/** `end`: ends the open slice as `complete` (default) or `failed`, with an optional artifact. */
export function endSlice(opts: CommandOptions & { status?: string; artifact?: string }): Report<CycleData> {
  const status = opts.status ?? "complete";
  if (!(END_STATUSES as readonly string[]).includes(status)) {
    throw new ToolError("INVALID_ARGUMENT", `--status must be complete or failed, got "${status}"`, { path: "--status" });
  }
  return mutate(opts, false, (state, at, path) => {
    const next = requireActive(state, path);
    const open = openSlice(next);
    if (!open) throw new ToolError("NO_OPEN_SLICE", `cycle ${next.cycle_id} has no open slice; run "cycle-guard slice <name>" first`, { path });
    closeOpenSlices(next, status, at, opts.artifact);
    next.last_updated = at;
    const event: CycleEvent = { type: "slice_ended", at, cycleId: next.cycle_id, slice: open.name, sliceStatus: status };
    return { next, event, title: `slice "${open.name}" ended: ${status}`, message: opts.artifact ? `artifact: ${opts.artifact}` : undefined };
  });
}

/** `commit`: completes the cycle with its proof (any JSON value, already parsed); an open slice ends `complete`. */
export function commitCycle(opts: CommandOptions & { proof?: unknown }): Report<CycleData> {
  return mutate(opts, false, (state, at, path) => {
    const next = requireActive(state, path);
    markCommitted(next, opts.proof ?? null, at);
    const took = formatDuration(cycleDurationMs(next) ?? 0);
    const event: CycleEvent = { type: "cycle_committed", at, cycleId: next.cycle_id };
    return { next, finished: [next], event, title: `cycle ${next.cycle_id} committed: ${next.target}`, message: `${next.slices.length} slice(s) in ${took}` };
  });
}

/** `abort <reason>`: aborts the cycle with its reason; an open slice ends `aborted`. */
export function abortCycle(opts: CommandOptions & { reason: string }): Report<CycleData> {
  const reason = nonEmpty(opts.reason, "reason");
  return mutate(opts, false, (state, at, path) => {
    const next = requireActive(state, path);
    markAborted(next, reason, at);
    const event: CycleEvent = { type: "cycle_aborted", at, cycleId: next.cycle_id, reason };
    return { next, finished: [next], event, title: `cycle ${next.cycle_id} aborted: ${next.target}`, message: reason };
  });
}

function nonEmpty(value: string | undefined, name: string): string {
  const v = (value ?? "").trim();
  if (v === "") throw new ToolError("INVALID_ARGUMENT", `<${name}> must not be empty`, { path: `<${name}>` });
  return v;
}
