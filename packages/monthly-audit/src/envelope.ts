import { basename } from "node:path";
import type { Finding, Summary } from "@wizard-council/kit";
import type { AuditPaths } from "./archive.ts";
import type { DeliveryResult } from "./delivery.ts";
import { toolStatus, type AuditDocument } from "./document.ts";

/** The `data` of monthly-audit's own envelope. */
export interface MonthlyAuditData {
  month: string;
  outDir: string;
  reportPath: string;
  jsonPath: string;
  status: "ok" | "warn" | "fail";
  counts: Summary;
  changes: { state: string; previousPeriod: string; newProblems: number; resolved: number; stillOpen: number };
  delivery?: { ok: boolean; deliveredFromOutbox: number; queued: string[] };
}

/**
 * One finding per included tool (its status in the audit), plus one for a previous month's
 * file that could not be compared and one for Telegram delivery when it was asked for.
 */
export function auditFindings(input: { doc: AuditDocument; paths: AuditPaths; outDir: string; delivery: DeliveryResult | undefined }): { findings: Finding[]; data: MonthlyAuditData } {
  const { doc, paths, delivery } = input;
  const common = { reportPath: paths.reportPath, jsonPath: paths.jsonPath };
  const findings: Finding[] = doc.reports.map((r) => {
    const status = toolStatus(r);
    const counts = (["ok", "warn", "fail", "error", "skip"] as const).map((k) => `${r.findings.filter((f) => f.status === k).length} ${k}`).join(", ");
    return {
      id: r.tool,
      status,
      title: `${r.tool}: ${status}`,
      message: r.error ? `${r.error.code}: ${r.error.message}` : counts,
      ...(status === "fail" || status === "error" ? { fix: `see the Problems section of ${paths.reportPath}` } : {}),
      data: { ...common, status: r.status },
    };
  });
  for (const s of doc.skipped) findings.push({ id: s.tool, status: "skip", title: `${s.tool}: not run`, message: s.reason, data: common });
  if (doc.changes.state === "unreadable") {
    findings.push({
      id: "previous-audit",
      status: "warn",
      title: `cannot compare with ${doc.changes.previousPeriod}`,
      message: `audit-${doc.changes.previousPeriod}.json ${doc.changes.note ?? "is unreadable"}`,
      fix: `inspect or remove audit-${doc.changes.previousPeriod}.json in ${input.outDir}`,
      data: common,
    });
  }
  if (delivery) findings.push(deliveryFinding(delivery, common));
  const ch = doc.changes;
  return {
    findings,
    data: {
      month: doc.period,
      outDir: input.outDir,
      ...common,
      status: doc.status,
      counts: doc.counts,
      changes: { state: ch.state, previousPeriod: ch.previousPeriod, newProblems: ch.newProblems.length, resolved: ch.resolved.length, stillOpen: ch.stillOpen },
      ...(delivery ? { delivery: { ok: delivery.ok, deliveredFromOutbox: delivery.deliveredFromOutbox, queued: delivery.queued } } : {}),
    },
  };
}

function deliveryFinding(d: DeliveryResult, common: Record<string, string>): Finding {
  const ignored = d.ignored.length > 0 ? `; ${d.ignored.length} file(s) in the outbox are not outbox items and were left alone` : "";
  if (d.ok) {
    const earlier = d.deliveredFromOutbox > 0 ? ` (after ${d.deliveredFromOutbox} queued from an earlier run)` : "";
    return { id: "telegram", status: "ok", title: "posted to Telegram", message: `summary and report sent${earlier}${ignored}`, data: { ...common, deliveredFromOutbox: d.deliveredFromOutbox } };
  }
  return {
    id: "telegram",
    status: "error",
    title: "Telegram delivery failed",
    message: `${d.error ?? "unknown error"}; the report files are kept and ${d.queued.length} post(s) wait in the outbox (${d.queued.map((q) => basename(q)).join(", ")})${ignored}`,
    fix: "check the bot token, chat id and network; the next monthly-audit --post-telegram run sends the outbox first",
    data: { ...common, deliveredFromOutbox: d.deliveredFromOutbox, queued: d.queued },
  };
}
