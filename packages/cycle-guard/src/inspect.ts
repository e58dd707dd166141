import type { Finding, Report } from "@wizard-council/kit";
import { cycleReport, type CommandOptions, type CycleData } from "./cycle-report.ts";
import { resolveStatePath } from "./state-path.ts";
import { openSlice, readState } from "./state.ts";
import { formatDuration, parseTimestamp } from "./timestamp.ts";

/** Default slice limit of `check`, in minutes (the spec's 10-minute slice). */
export const DEFAULT_MAX_MINUTES = 10;

/** The open slice and its age, as `status` and `check` report it. */
export interface OpenSliceInfo {
  name: string;
  startedAt: string;
  ageMs: number;
}

/** `status`: the current state, read without the lock (writes are atomic renames). */
export function readStatus(opts: CommandOptions = {}): Report<CycleData & { openSlice: OpenSliceInfo | null }> {
  const now = opts.now ?? new Date();
  const statePath = resolveStatePath(opts);
  const state = readState(statePath);
  const open = openSliceInfo(state, now);
  let title = "no cycle";
  if (state) {
    const slices = `${state.slices.length} slice(s)`;
    const age = formatDuration(Math.max(0, now.getTime() - (parseTimestamp(state.started_at) ?? now.getTime())));
    title = state.status === "in_progress"
      ? `cycle ${state.cycle_id} in progress for ${age}: ${state.target} (${slices}${open ? `, "${open.name}" open for ${formatDuration(open.ageMs)}` : ""})`
      : `last cycle ${state.cycle_id} ${state.status}: ${state.target} (${slices})`;
  }
  return cycleReport([{ id: "cycle-guard/status", status: "ok", title }], { statePath, cycle: state ?? null, openSlice: open }, now);
}

/** `check`: a `fail` finding (exit 1) when the open slice has run longer than `maxMinutes`. */
export function checkSlice(opts: CommandOptions & { maxMinutes?: number } = {}): Report<CycleData & { openSlice: OpenSliceInfo | null; maxMinutes: number }> {
  const now = opts.now ?? new Date();
  const maxMinutes = opts.maxMinutes ?? DEFAULT_MAX_MINUTES;
  const statePath = resolveStatePath(opts);
  const state = readState(statePath);
  const open = state?.status === "in_progress" ? openSliceInfo(state, now) : null;
  const id = "cycle-guard/slice-age";
  let finding: Finding;
  if (!open) {
    finding = { id, status: "ok", title: state?.status === "in_progress" ? "no open slice" : "no cycle in progress" };
  } else if (open.ageMs > maxMinutes * 60_000) {
    finding = {
      id, status: "fail", title: `slice "${open.name}" is over the limit: ${formatDuration(open.ageMs)} > ${maxMinutes}m`,
      fix: 'end it ("cycle-guard end"), commit, or abort; cut the work into smaller slices',
      data: { slice: open.name, ageMs: open.ageMs, maxMinutes },
    };
  } else {
    finding = { id, status: "ok", title: `slice "${open.name}" within the limit: ${formatDuration(open.ageMs)} ≤ ${maxMinutes}m` };
  }
  return cycleReport([finding], { statePath, cycle: state ?? null, openSlice: open, maxMinutes }, now);
}

function openSliceInfo(state: Parameters<typeof openSlice>[0], now: Date): OpenSliceInfo | null {
  const open = openSlice(state);
  if (!open) return null;
  return { name: open.name, startedAt: open.started_at, ageMs: Math.max(0, now.getTime() - (parseTimestamp(open.started_at) ?? now.getTime())) };
}
