import { ToolError } from "@wizard-council/kit";
import type { CycleState, Slice } from "./state.ts";
import { parseTimestamp, wholeMinutes } from "./timestamp.ts";

/** The state-file `version` this tool writes for new cycles (the older tool's format, unchanged). */
export const STATE_VERSION = 1;

/** What a command changed, printed as `data.event`. */
export interface CycleEvent {
  type: "cycle_started" | "slice_started" | "slice_ended" | "cycle_committed" | "cycle_aborted" | "state_reset";
  at: string;
  cycleId: string | number | null;
  slice?: string;
  sliceStatus?: string;
  supersededSlice?: string;
  supersededCycle?: { cycleId: string | number; reason: string };
  reason?: string;
  movedTo?: string;
}

/** A fresh cycle id: sortable UTC time plus a random suffix (no node:crypto on the startup path). */
export function newCycleId(at: string): string {
  return `${at.replace(/[-:]/g, "").replace(/\.\d+/, "")}-${Math.random().toString(36).slice(2, 8).padEnd(6, "0")}`;
}

/** A new in-progress cycle. */
export function createCycle(target: string, details: string | undefined, at: string): CycleState {
  return {
    cycle_id: newCycleId(at), status: "in_progress", target, details: details ?? null, slices: [],
    started_at: at, completed_at: null, aborted_at: null, abort_reason: null, proof: null,
    version: STATE_VERSION, last_updated: at,
  };
}

/** The state if it holds an in-progress cycle, else NO_ACTIVE_CYCLE naming the state file. */
export function requireActive(state: CycleState | undefined, path: string): CycleState {
  if (state?.status === "in_progress") return state;
  const last = state ? ` (last cycle ${state.cycle_id} is ${state.status})` : "";
  throw new ToolError("NO_ACTIVE_CYCLE", `no cycle in progress${last}; run "cycle-guard start <target>" first`, { path });
}

/** Ends every open slice with `status` (normally just the last one). Returns the names closed. */
export function closeOpenSlices(state: CycleState, status: string, at: string, artifact?: string): string[] {
  const closed: string[] = [];
  for (const slice of state.slices) {
    if (slice.ended_at != null) continue;
    slice.ended_at = at;
    slice.status = status;
    if (artifact !== undefined) slice.artifact = artifact;
    else if (slice.artifact === undefined) slice.artifact = null;
    closed.push(slice.name);
  }
  return closed;
}

/** Appends an open slice, superseding one still open. */
export function addSlice(state: CycleState, name: string, at: string): { superseded: string | undefined } {
  const [superseded] = closeOpenSlices(state, "superseded", at).slice(-1);
  const slice: Slice = { name, started_at: at, ended_at: null, status: "in_progress", artifact: null };
  state.slices.push(slice);
  state.last_updated = at;
  return { superseded };
}

/** Marks the cycle complete with its proof, closing an open slice as `complete`. */
export function markCommitted(state: CycleState, proof: unknown, at: string): void {
  closeOpenSlices(state, "complete", at);
  state.status = "complete";
  state.completed_at = at;
  state.proof = proof;
  state.last_updated = at;
}

/** Marks the cycle aborted with its reason, ending an open slice as `aborted`. */
export function markAborted(state: CycleState, reason: string, at: string): void {
  closeOpenSlices(state, "aborted", at);
  state.status = "aborted";
  state.aborted_at = at;
  state.abort_reason = reason;
  state.last_updated = at;
}

/** The latest moment the cycle showed activity: its start and its slices' starts and ends. */
export function lastActivity(state: CycleState): number {
  let latest = parseTimestamp(state.started_at) ?? 0;
  for (const s of state.slices) {
    latest = Math.max(latest, parseTimestamp(s.started_at) ?? 0, parseTimestamp(s.ended_at) ?? 0);
  }
  return latest;
}

/** Why an in-progress cycle counts as crashed (spec: `resume`), or undefined when it is alive. */
export function staleReason(state: CycleState, nowMs: number, limitMs: number): string | undefined {
  if (state.status !== "in_progress") return undefined;
  const open = state.slices.filter((s) => s.ended_at == null).pop();
  const openAge = open ? nowMs - (parseTimestamp(open.started_at) ?? nowMs) : 0;
  if (open && openAge > limitMs) return `crash recovery — stale slice detected (${wholeMinutes(openAge)}m old)`;
  const idle = nowMs - lastActivity(state);
  if (idle > limitMs) return `crash recovery — stale cycle detected (${wholeMinutes(idle)}m idle)`;
  return undefined;
}

/** How long a finished cycle took, in ms (undefined when its timestamps are missing). */
export function cycleDurationMs(state: Pick<CycleState, "started_at" | "completed_at" | "aborted_at" | "status">): number | undefined {
  const start = parseTimestamp(state.started_at);
  const end = parseTimestamp(state.status === "complete" ? state.completed_at : state.aborted_at);
  return start === undefined || end === undefined ? undefined : Math.max(0, end - start);
}
