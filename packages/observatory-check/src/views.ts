import { renderChecklist, statusMark, type Colors, type Report } from "@wizard-council/kit";
import type { CycleResult } from "./check.ts";
import type { Digest } from "./digest.ts";
import type { Snapshot } from "./snapshot.ts";

/** The `check` terminal view: the checklist plus a line on alert delivery. */
export function renderCheck(report: Report<CycleResult>, c: Colors): string {
  const a = report.data.alerting;
  const queued = report.data.alerts.map((e) => `${e.check} ${e.kind}`).join(", ");
  return `${renderChecklist(report, c)}${c.dim(`alerts: ${a.status} — ${a.message}${queued ? ` (queued: ${queued})` : ""}`)}\n`;
}

/** The `history` terminal view: one line per snapshot, newest first, with the checks that were not ok. */
export function renderHistory(report: Report<{ snapshots: Snapshot[] }>, c: Colors): string {
  if (report.data.snapshots.length === 0) return `${c.dim("no snapshots stored yet")}\n`;
  const lines = report.data.snapshots.map((s) => {
    const bad = s.checks.filter((k) => k.status !== "ok" && k.status !== "skip").map((k) => `${k.id}=${k.status}`);
    return `${statusMark(s.status, c)} ${s.ts}  ${s.status.padEnd(5)} ${c.dim(bad.join(" "))}`;
  });
  return `${lines.join("\n")}\n`;
}

/** The `digest` terminal view: the message text without HTML tags, plus delivery when --send was given. */
export function renderDigest(report: Report<{ digest: Digest; text: string }>, c: Colors): string {
  const plain = report.data.text.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  const delivery = report.findings.map((f) => `${statusMark(f.status, c)} ${f.title}: ${f.message ?? ""}`).join("\n");
  return `${plain}\n${delivery ? `${delivery}\n` : ""}`;
}

/** The `prune` terminal view. */
export function renderPrune(report: Report<{ days: number; cutoff: string; deleted: number }>, c: Colors): string {
  const d = report.data;
  return `${statusMark("ok", c)} deleted ${d.deleted} snapshot(s) older than ${d.days} day(s) (before ${d.cutoff})\n`;
}

/** The `daemon` terminal view, printed once it has stopped. */
export function renderDaemon(report: Report<{ snapshots: number; alertsQueued: number; alertsSent: number; cycleErrors: string[] }>, c: Colors): string {
  const d = report.data;
  const errors = d.cycleErrors.length > 0 ? `\n${c.red(`${d.cycleErrors.length} cycle error(s), last: ${d.cycleErrors.at(-1)}`)}` : "";
  return `${statusMark("ok", c)} daemon stopped after ${d.snapshots} snapshot(s); ${d.alertsQueued} alert(s) queued, ${d.alertsSent} sent${errors}\n`;
}
