import { hostname } from "node:os";

/** The status of one finding, worst last: `ok < skip < warn < fail < error` for display; see {@link worstStatus}. */
export type Status = "ok" | "warn" | "fail" | "error" | "skip";

/** The envelope's schema id (CONTRACT.md §1). Bump only with a changelog entry. */
export const REPORT_SCHEMA = "wizard-council/report@1";

export const STATUSES: readonly Status[] = ["ok", "warn", "fail", "error", "skip"];

/** One checked thing; `id` is stable across runs so reports can be diffed. */
export interface Finding {
  id: string;
  status: Status;
  title: string;
  message?: string;
  fix?: string;
  data?: Record<string, unknown>;
}

/** The five counts every report carries, plus any a tool adds. */
export type Summary = Record<Status, number> & Record<string, number>;

/** Present only on an error envelope (exit 2 / 75). */
export interface ReportError {
  code: string;
  message: string;
  path?: string;
}

/** The report envelope every command prints (CONTRACT.md §1). */
export interface Report<D = Record<string, unknown>> {
  schema: typeof REPORT_SCHEMA;
  tool: string;
  version: string;
  host: string;
  generatedAt: string;
  status: "ok" | "warn" | "fail" | "error";
  summary: Summary;
  findings: Finding[];
  data: D;
  error?: ReportError;
}

/** The overall status of a set of findings: `fail` if any is fail or error, else `warn` if any warns, else `ok`. */
export function worstStatus(findings: readonly Pick<Finding, "status">[]): "ok" | "warn" | "fail" {
  let worst: "ok" | "warn" | "fail" = "ok";
  for (const f of findings) {
    if (f.status === "fail" || f.status === "error") return "fail";
    if (f.status === "warn") worst = "warn";
  }
  return worst;
}

/** Counts findings by status; every one of the five keys is present. */
export function summarize(findings: readonly Pick<Finding, "status">[], extra: Record<string, number> = {}): Summary {
  const summary = { ok: 0, warn: 0, fail: 0, error: 0, skip: 0 } as Summary;
  for (const f of findings) summary[f.status] += 1;
  return Object.assign(summary, extra);
}

export interface ReportInput<D> {
  tool: string;
  version: string;
  findings: Finding[];
  data: D;
  summaryExtra?: Record<string, number>;
  /** Overrides the derived status (e.g. a command whose success does not depend on findings). */
  status?: Report["status"];
  now?: Date;
  host?: string;
}

/** Builds a report envelope with its status and summary derived from the findings. */
export function createReport<D>(input: ReportInput<D>): Report<D> {
  return {
    schema: REPORT_SCHEMA,
    tool: input.tool,
    version: input.version,
    host: input.host ?? hostname(),
    generatedAt: (input.now ?? new Date()).toISOString(),
    status: input.status ?? worstStatus(input.findings),
    summary: summarize(input.findings, input.summaryExtra),
    findings: input.findings,
    data: input.data,
  };
}

/** Builds the error envelope printed with exit 2 or 75. */
export function createErrorReport(tool: string, version: string, error: ReportError, now = new Date()): Report {
  return {
    ...createReport({ tool, version, findings: [], data: {}, now }),
    status: "error",
    error,
  };
}

/** True when a parsed JSON value looks like a report envelope of this schema. */
export function isReport(value: unknown): value is Report {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.schema === REPORT_SCHEMA && typeof v.tool === "string" && Array.isArray(v.findings);
}

/** The exit code a finished report implies (CONTRACT.md §2): 0 ok/warn, 1 fail, 2 error envelope. */
export function exitCodeFor(report: Pick<Report, "status" | "error">): number {
  if (report.error) return 2;
  return report.status === "ok" || report.status === "warn" ? 0 : 1;
}
