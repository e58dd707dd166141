import { closeSync, constants, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from "node:fs";
import { ToolError } from "@wizard-council/kit";
import { cycleDurationMs } from "./cycle.ts";
import type { CycleState } from "./state.ts";
import { parseTimestamp } from "./timestamp.ts";

/** One finished cycle as `log` lists it. */
export interface JournalEntry {
  cycleId: string | number;
  status: "complete" | "aborted";
  target: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number | null;
  slices: number;
  abortReason: string | null;
}

/** The journal's finished cycles in file order (one per cycle id, its latest line) and the lines skipped as unreadable. */
export interface JournalContents {
  entries: JournalEntry[];
  skippedLines: number;
}

/**
 * Appends one finished cycle as a JSON line (mode 0600, fsynced). A line torn by a crash is
 * never glued to the next record: a missing trailing newline is written first.
 */
export function appendJournal(path: string, cycle: CycleState): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o600);
  } catch (err) {
    throw new ToolError("JOURNAL_WRITE_FAILED", `cannot open journal: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { path, cause: err });
  }
  try {
    const size = fstatSync(fd).size;
    let prefix = "";
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = "\n";
    }
    writeSync(fd, `${prefix}${JSON.stringify(cycle)}\n`);
    fsyncSync(fd);
  } catch (err) {
    throw new ToolError("JOURNAL_WRITE_FAILED", `cannot append to journal: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { path, cause: err });
  } finally {
    closeSync(fd);
  }
}

/** Reads the journal; a missing file is empty, a line that is not a finished cycle is skipped and counted. */
export function readJournal(path: string): JournalContents {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { entries: [], skippedLines: 0 };
    throw new ToolError("JOURNAL_UNREADABLE", `cannot read journal: ${code ?? String(err)}`, { path });
  }
  const byId = new Map<string, JournalEntry>();
  let skippedLines = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const entry = toEntry(line);
    if (!entry) {
      skippedLines++;
      continue;
    }
    // A crash between journal append and state write can journal a cycle twice: the latest line wins.
    const key = String(entry.cycleId);
    byId.delete(key);
    byId.set(key, entry);
  }
  return { entries: [...byId.values()], skippedLines };
}

function toEntry(line: string): JournalEntry | undefined {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  if (v.status !== "complete" && v.status !== "aborted") return undefined;
  if (typeof v.cycle_id !== "string" && typeof v.cycle_id !== "number") return undefined;
  const finishedAt = v.status === "complete" ? v.completed_at : v.aborted_at;
  if (parseTimestamp(v.started_at) === undefined || parseTimestamp(finishedAt) === undefined) return undefined;
  const cycle = v as unknown as CycleState;
  return {
    cycleId: cycle.cycle_id,
    status: cycle.status as "complete" | "aborted",
    target: typeof cycle.target === "string" ? cycle.target : String(cycle.target ?? ""),
    startedAt: cycle.started_at,
    finishedAt: finishedAt as string,
    durationMs: cycleDurationMs(cycle) ?? null,
    slices: Array.isArray(cycle.slices) ? cycle.slices.length : 0,
    abortReason: typeof cycle.abort_reason === "string" ? cycle.abort_reason : null,
  };
}
