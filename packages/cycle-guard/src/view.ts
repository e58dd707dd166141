import type { Colors, Report } from "@wizard-council/kit";
import type { CycleData } from "./cycle-report.ts";
import type { LogData } from "./history.ts";
import type { OpenSliceInfo } from "./inspect.ts";
import type { Slice } from "./state.ts";
import { formatDuration, parseTimestamp } from "./timestamp.ts";

/** The terminal view of `status`: the cycle, one line per slice, and the state file. */
export function renderStatus(report: Report<CycleData & { openSlice: OpenSliceInfo | null }>, c: Colors): string {
  const { cycle, statePath } = report.data;
  const now = Date.parse(report.generatedAt);
  if (!cycle) return `${c.dim("no cycle")}\n${c.dim(`state: ${statePath}`)}\n`;
  const started = parseTimestamp(cycle.started_at) ?? now;
  const badge = cycle.status === "in_progress" ? c.yellow("● in progress") : cycle.status === "complete" ? c.green("✓ committed") : c.red("✗ aborted");
  const lines = [`${c.bold(String(cycle.target))}  ${badge}  ${c.dim(`cycle ${cycle.cycle_id}, started ${formatDuration(now - started)} ago`)}`];
  if (cycle.details) lines.push(`  ${c.dim(String(cycle.details))}`);
  if (cycle.abort_reason) lines.push(`  ${c.red("reason:")} ${cycle.abort_reason}`);
  for (const slice of cycle.slices) lines.push(sliceLine(slice, now, c));
  if (cycle.slices.length === 0) lines.push(`  ${c.dim("no slices yet")}`);
  lines.push(c.dim(`state: ${statePath}`));
  return `${lines.join("\n")}\n`;
}

function sliceLine(slice: Slice, now: number, c: Colors): string {
  const start = parseTimestamp(slice.started_at) ?? now;
  const end = parseTimestamp(slice.ended_at) ?? now;
  const open = slice.ended_at == null;
  const mark = open ? c.cyan("▸") : slice.status === "complete" ? c.green("✓") : slice.status === "superseded" ? c.dim("−") : c.red("✗");
  const status = open ? c.cyan("open") : slice.status;
  const artifact = slice.artifact ? c.dim(`  ${slice.artifact}`) : "";
  return `  ${mark} ${pad(slice.name, 28)} ${pad(status, 11, open ? 4 : status.length)} ${formatDuration(end - start).padStart(6)}${artifact}`;
}

/** The terminal view of `log`: one line per finished cycle, newest first, then the stats. */
export function renderLog(report: Report<LogData>, c: Colors): string {
  const { cycles, stats, journalPath } = report.data;
  const lines = cycles.map((e) => {
    const mark = e.status === "complete" ? c.green("✓") : c.red("✗");
    const when = e.finishedAt.replace("T", " ").slice(0, 16);
    const took = e.durationMs === null ? "-" : formatDuration(e.durationMs);
    const why = e.abortReason ? c.dim(`  ${e.abortReason}`) : "";
    return `${mark} ${c.dim(when)} ${took.padStart(6)}  ${pad(e.target, 30)} ${c.dim(String(e.cycleId))}${why}`;
  });
  if (cycles.length === 0) lines.push(c.dim(`no finished cycles in ${journalPath}`));
  const rate = stats.commitRate === null ? "-" : `${Math.round(stats.commitRate * 100)}%`;
  const median = stats.medianDurationMs === null ? "-" : formatDuration(stats.medianDurationMs);
  let summary = `${c.green(`${stats.committed} committed`)} · ${c.red(`${stats.aborted} aborted`)} · commit rate ${c.bold(rate)} · median ${median}`;
  if (stats.skippedLines > 0) summary += c.yellow(` · ${stats.skippedLines} unreadable line(s) skipped`);
  lines.push("", summary);
  return `${lines.join("\n")}\n`;
}

/** Pads to a width measured on the visible text (colour codes have no width). */
function pad(text: string, width: number, visible = text.length): string {
  return visible >= width ? text : text + " ".repeat(width - visible);
}
