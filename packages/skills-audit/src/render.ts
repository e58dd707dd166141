import { oneLine, renderSummaryLine, statusMark, type Colors, type Report } from "@wizard-council/kit";
import type { AuditData } from "./audit.ts";

/** The terminal view: a table of skill | state | explanation, then the summary line. */
export function renderAuditTable(report: Report<AuditData>, c: Colors): string {
  const rows = report.findings.map((f) => ({
    mark: statusMark(f.status, c),
    id: f.id,
    state: String((f.data as { state?: string | null } | undefined)?.state ?? "ERROR"),
    why: oneLine(f.message ?? ""),
  }));
  const idWidth = Math.max(5, ...rows.map((r) => r.id.length));
  const stateWidth = Math.max(5, ...rows.map((r) => r.state.length));
  const lines = [c.dim(`  ${"skill".padEnd(idWidth)}  ${"state".padEnd(stateWidth)}  explanation`)];
  for (const r of rows) lines.push(`${r.mark} ${r.id.padEnd(idWidth)}  ${r.state.padEnd(stateWidth)}  ${c.dim(r.why)}`);
  if (rows.length === 0) lines.push(c.dim("  (no skills in source or target)"));
  const d = report.data;
  lines.push("", c.dim(`source ${d.source} → target ${d.target} (${d.mode})`));
  for (const line of d.recovered) lines.push(c.yellow(`recovered: ${line}`));
  lines.push(renderSummaryLine(report, c));
  return `${lines.join("\n")}\n`;
}
