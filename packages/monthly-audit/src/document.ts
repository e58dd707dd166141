import { STATUSES, summarize, worstStatus, type Finding, type Report, type Status, type Summary } from "@wizard-council/kit";
import type { Changes } from "./changes.ts";

/** The `schema` of the machine-readable twin `audit-YYYY-MM.json`. */
export const AUDIT_SCHEMA = "wizard-council/monthly-audit@1";

/** A tool the audit deliberately did not run, and why (no registry, `--offline`, not included). */
export interface SkippedTool {
  tool: string;
  reason: string;
}

/** The month's audit as written to `audit-YYYY-MM.json`: every tool report, what was skipped, what changed. */
export interface AuditDocument {
  schema: typeof AUDIT_SCHEMA;
  version: string;
  period: string;
  host: string;
  generatedAt: string;
  status: "ok" | "warn" | "fail";
  counts: Summary;
  changes: Changes;
  reports: Report[];
  skipped: SkippedTool[];
}

/** The finding id given to a tool that could not run (an error envelope carries no findings). */
export const TOOL_ERROR_ID = "tool-error";

/**
 * A report as the audit counts it: an error envelope (exit 2/75, or a tool that failed to load)
 * gets one `error` finding with a stable id so it shows up under Problems and month-over-month.
 */
export function normalizeReport(report: Report): Report {
  if (report.status !== "error" && !report.error) return report;
  if (report.findings.some((f) => f.status === "error" || f.status === "fail")) return report;
  const err = report.error;
  const finding: Finding = {
    id: TOOL_ERROR_ID,
    status: "error",
    title: `${report.tool} could not run`,
    message: err ? `${err.code}: ${err.message}${err.path ? ` (${err.path})` : ""}` : "the tool reported status error without details",
    fix: `run ${report.tool} on its own (with --debug) to see why`,
  };
  return { ...report, status: "fail", findings: [...report.findings, finding], summary: summarize([...report.findings, finding]) };
}

/** Every finding of every report, for the front matter's counts. */
export function countFindings(reports: readonly Report[]): Summary {
  return summarize(reports.flatMap((r) => r.findings));
}

/** The month's overall status: the worst finding across all reports. */
export function overallStatus(reports: readonly Report[]): "ok" | "warn" | "fail" {
  return worstStatus(reports.flatMap((r) => r.findings));
}

/** The status a tool gets in the summary: its report's status, or `error` when it could not run. */
export function toolStatus(report: Report): Status {
  if (report.error || report.findings.some((f) => f.id === TOOL_ERROR_ID && f.status === "error")) return "error";
  return STATUSES.includes(report.status as Status) ? (report.status as Status) : "error";
}
