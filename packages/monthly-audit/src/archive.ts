import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ToolError, writeFileAtomicSync, type Report } from "@wizard-council/kit";
import { AUDIT_SCHEMA, type AuditDocument } from "./document.ts";

/** Where one month's report and its JSON twin live. */
export interface AuditPaths {
  reportPath: string;
  jsonPath: string;
}

/** `<out>/audit-YYYY-MM.md` and `<out>/audit-YYYY-MM.json`. */
export function auditPaths(outDir: string, month: string): AuditPaths {
  return { reportPath: join(outDir, `audit-${month}.md`), jsonPath: join(outDir, `audit-${month}.json`) };
}

/** The previous month's reports, `undefined` when there is no file, or why it cannot be used. */
export type PreviousAudit = { state: "found"; reports: Report[] } | { state: "missing" } | { state: "unreadable"; reason: string };

/**
 * Reads a previous month's `audit-YYYY-MM.json`. A file that is not an audit is reported as
 * unreadable (and left in place), never silently treated as "first audit".
 */
export function readPreviousAudit(jsonPath: string): PreviousAudit {
  let text: string;
  try {
    text = readFileSync(jsonPath, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { state: "missing" };
    return { state: "unreadable", reason: `cannot read it (${code ?? "error"})` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { state: "unreadable", reason: "it is not valid JSON" };
  }
  const d = doc as Partial<AuditDocument> | null;
  if (typeof d !== "object" || d === null || d.schema !== AUDIT_SCHEMA || !Array.isArray(d.reports)) {
    return { state: "unreadable", reason: `it is not a monthly audit (expected "schema": "${AUDIT_SCHEMA}" and a "reports" array)` };
  }
  const reports = d.reports.filter((r): r is Report => typeof r === "object" && r !== null && typeof r.tool === "string" && Array.isArray(r.findings));
  return { state: "found", reports };
}

/**
 * Writes the month's Markdown and JSON atomically (mode 0600: a report may name hosts and
 * accounts); other months' files are never touched. An unwritable folder is exit 2 naming it.
 */
export function writeAudit(paths: AuditPaths, markdown: string, doc: AuditDocument): void {
  for (const [path, content] of [[paths.reportPath, markdown], [paths.jsonPath, `${JSON.stringify(doc, null, 2)}\n`]] as const) {
    try {
      writeFileAtomicSync(path, content, { mode: 0o600, mkdir: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "error";
      throw new ToolError("OUTPUT_UNWRITABLE", `cannot write the audit report: ${code}`, { path });
    }
  }
}
