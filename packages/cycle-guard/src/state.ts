import { readFileSync } from "node:fs";
import { ToolError, writeFileAtomicSync } from "@wizard-council/kit";
import { parseTimestamp } from "./timestamp.ts";

/** A cycle's lifecycle status, as the older Python tool spelled it. */
export type CycleStatus = "in_progress" | "complete" | "aborted";

/** One slice of work; open while `ended_at` is null. Unknown keys are kept. */
export interface Slice {
  name: string;
  started_at: string;
  ended_at: string | null;
  status: string;
  artifact: string | null;
  [key: string]: unknown;
}

/** The state file: the current (or last) cycle, a superset of the older tool's shape. Unknown keys are kept. */
export interface CycleState {
  cycle_id: string | number;
  status: CycleStatus;
  target: string;
  details: string | null;
  slices: Slice[];
  started_at: string;
  completed_at: string | null;
  aborted_at: string | null;
  abort_reason: string | null;
  proof: unknown;
  version: number | string;
  last_updated: string;
  /** Set when this tool appended the finished cycle to the journal (older files lack it). */
  journaled_at?: string;
  [key: string]: unknown;
}

const STATUSES: readonly string[] = ["in_progress", "complete", "aborted"];

/**
 * Reads the state file. Missing (or holding no cycle) → undefined. Not JSON, or not the
 * expected shape → CORRUPT_STATE naming the file and field; the file is never touched here.
 */
export function readState(path: string): CycleState | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new ToolError("STATE_UNREADABLE", `cannot read state file: ${code ?? String(err)}`, { path });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const why = text.trim() === "" ? "it is empty" : (err as Error).message;
    throw new ToolError("CORRUPT_STATE", `state file is not valid JSON (${why}); left untouched, run "cycle-guard reset --yes" to move it aside`, { path });
  }
  return checkState(value, path);
}

/** Checks a parsed state file's shape; throws CORRUPT_STATE naming the first bad field. */
export function checkState(value: unknown, path: string): CycleState | undefined {
  const bad = (field: string, expected: string, found: unknown): never => {
    throw new ToolError("CORRUPT_STATE", `state file field "${field}" must be ${expected}, found ${describe(found)}; left untouched`, { path });
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return bad("(root)", "an object", value);
  const s = value as Record<string, unknown>;
  if ((s.status === undefined || s.status === null) && (s.cycle_id === undefined || s.cycle_id === null)) return undefined;
  if (typeof s.status !== "string" || !STATUSES.includes(s.status)) bad("status", "one of in_progress, complete, aborted", s.status);
  if (typeof s.cycle_id !== "string" && typeof s.cycle_id !== "number") bad("cycle_id", "a string", s.cycle_id);
  if (parseTimestamp(s.started_at) === undefined) bad("started_at", "an ISO-8601 timestamp", s.started_at);
  if (s.slices === undefined || s.slices === null) s.slices = [];
  if (!Array.isArray(s.slices)) bad("slices", "an array", s.slices);
  (s.slices as unknown[]).forEach((slice, i) => {
    if (typeof slice !== "object" || slice === null || Array.isArray(slice)) bad(`slices[${i}]`, "an object", slice);
    const sl = slice as Record<string, unknown>;
    if (parseTimestamp(sl.started_at) === undefined) bad(`slices[${i}].started_at`, "an ISO-8601 timestamp", sl.started_at);
    if (sl.ended_at != null && parseTimestamp(sl.ended_at) === undefined) bad(`slices[${i}].ended_at`, "an ISO-8601 timestamp or null", sl.ended_at);
  });
  for (const field of ["completed_at", "aborted_at", "last_updated"]) {
    if (s[field] != null && parseTimestamp(s[field]) === undefined) bad(field, "an ISO-8601 timestamp or null", s[field]);
  }
  return s as CycleState;
}

/** Writes the state file atomically with mode 0600 (a proof may hold personal data). */
export function writeState(path: string, state: CycleState): void {
  writeFileAtomicSync(path, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600, mkdir: true });
}

/** The open slice (no `ended_at`), if any; the latest one should an older file hold several. */
export function openSlice(state: CycleState | undefined): Slice | undefined {
  if (!state) return undefined;
  for (let i = state.slices.length - 1; i >= 0; i--) if (state.slices[i]!.ended_at == null) return state.slices[i];
  return undefined;
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`;
}
