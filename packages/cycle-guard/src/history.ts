import { ToolError, type Finding, type Report } from "@wizard-council/kit";
import { cycleReport, type CycleData } from "./cycle-report.ts";
import { readJournal, type JournalEntry } from "./journal.ts";
import { journalPathFor, resolveStatePath, type StatePathOptions } from "./state-path.ts";
import { readState } from "./state.ts";
import { parseTimestamp } from "./timestamp.ts";

/** Default number of cycles `log` lists (the stats always cover every cycle matching `since`). */
export const DEFAULT_LOG_LIMIT = 20;

/** Counts over the finished cycles `log` considered. */
export interface JournalStats {
  committed: number;
  aborted: number;
  /** committed / (committed + aborted); null when there are none. */
  commitRate: number | null;
  medianDurationMs: number | null;
  /** Journal lines that were not a readable finished cycle (skipped, never fatal). */
  skippedLines: number;
}

/** `data` of the `log` report. */
export interface LogData extends CycleData {
  journalPath: string;
  cycles: JournalEntry[];
  stats: JournalStats;
  since: string | null;
  limit: number;
}

/** Options of {@link readJournalStats}; `statePath` (already resolved) wins over `state`. */
export interface LogOptions extends StatePathOptions {
  statePath?: string;
  limit?: number;
  since?: string;
  now?: Date;
}

/**
 * `log`: finished cycles from the journal, newest first (at most `limit`), with stats over
 * every cycle finished at or after `since`. Unreadable journal lines are counted, not fatal.
 */
export function readJournalStats(opts: LogOptions = {}): Report<LogData> {
  const now = opts.now ?? new Date();
  const statePath = opts.statePath ?? resolveStatePath(opts);
  const journalPath = journalPathFor(statePath);
  const limit = opts.limit ?? DEFAULT_LOG_LIMIT;
  let sinceMs: number | undefined;
  if (opts.since !== undefined) {
    sinceMs = parseTimestamp(opts.since);
    if (sinceMs === undefined) throw new ToolError("INVALID_ARGUMENT", `--since must be an ISO-8601 date or timestamp, got "${opts.since}"`, { path: "--since" });
  }
  const cycle = readState(statePath) ?? null;
  const { entries, skippedLines } = readJournal(journalPath);
  const matching = entries.filter((e) => sinceMs === undefined || (parseTimestamp(e.finishedAt) ?? 0) >= sinceMs).reverse();
  const stats = summarizeJournal(matching, skippedLines);
  const rate = stats.commitRate === null ? "no cycles" : `${Math.round(stats.commitRate * 100)}% committed`;
  const findings: Finding[] = [{ id: "cycle-guard/log", status: "ok", title: `${stats.committed} committed, ${stats.aborted} aborted (${rate})` }];
  if (skippedLines > 0) {
    findings.push({ id: "cycle-guard/journal-lines", status: "warn", title: `skipped ${skippedLines} unreadable journal line(s)`, message: journalPath });
  }
  return cycleReport(findings, { statePath, journalPath, cycle, cycles: matching.slice(0, limit), stats, since: opts.since ?? null, limit }, now);
}

/** Committed/aborted counts, commit rate and median duration of a set of journal entries. */
export function summarizeJournal(entries: readonly JournalEntry[], skippedLines = 0): JournalStats {
  const committed = entries.filter((e) => e.status === "complete").length;
  const aborted = entries.length - committed;
  const durations = entries.map((e) => e.durationMs).filter((d): d is number => d !== null).sort((a, b) => a - b);
  const mid = Math.floor(durations.length / 2);
  const medianDurationMs = durations.length === 0 ? null : durations.length % 2 ? durations[mid]! : (durations[mid - 1]! + durations[mid]!) / 2;
  return { committed, aborted, commitRate: entries.length === 0 ? null : committed / entries.length, medianDurationMs, skippedLines };
}
