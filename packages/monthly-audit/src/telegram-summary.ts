import { escapeHtml, fitTelegramText, type Report } from "@wizard-council/kit";
import { isProblem } from "./changes.ts";
import { toolStatus, type AuditDocument } from "./document.ts";
import { STATUS_LABEL } from "./markdown-text.ts";

/** Longest finding text one summary line shows (cut before escaping, so no entity is split). */
const LINE_TEXT_LIMIT = 200;

/**
 * The HTML message posted before the full report: overall status, one line per tool, what
 * changed since last month, then the problems. Every dynamic text is escaped and kept on one
 * line, and every tag closes on the line it opens, so cutting at a line boundary to fit
 * Telegram's 4096 UTF-16 units ({@link fitTelegramText}) always leaves valid HTML.
 */
export function renderTelegramSummary(doc: AuditDocument): string {
  const c = doc.counts;
  const lines = [
    `<b>Monthly audit ${h(doc.period)} · ${h(doc.host)}</b>`,
    `Overall: <b>${STATUS_LABEL[doc.status]}</b> · ${c.ok} ok · ${c.warn} warn · ${c.fail} fail · ${c.error} error · ${c.skip} skip`,
    "",
    "<b>Summary</b>",
    ...doc.reports.map((r) => `${STATUS_LABEL[toolStatus(r)]} ${h(r.tool)}${counts(r)}`),
    ...doc.skipped.map((s) => `${STATUS_LABEL.skip} ${h(s.tool)}: ${h(s.reason)}`),
    "",
    "<b>Changed since last month</b>",
    ...changeLines(doc),
  ];
  const problems = doc.reports.flatMap((r) => r.findings.filter(isProblem).map((f) => `• <b>${h(r.tool)}</b> ${h(f.id)}: ${h(f.title)}${f.message ? ` — ${h(f.message)}` : ""}${f.fix ? ` <i>(fix: ${h(f.fix)})</i>` : ""}`));
  if (problems.length > 0) lines.push("", `<b>Problems (${problems.length})</b>`, ...problems);
  lines.push("", "The full report follows as a file.");
  return fitTelegramText(lines.join("\n"));
}

function changeLines(doc: AuditDocument): string[] {
  const ch = doc.changes;
  if (ch.state === "first") return [`First audit (no report for ${h(ch.previousPeriod)}).`];
  if (ch.state === "unreadable") return [`Could not compare with ${h(ch.previousPeriod)}.`];
  return [
    `${ch.newProblems.length} new · ${ch.resolved.length} resolved · ${ch.stillOpen} still open`,
    ...ch.newProblems.map((p) => `+ ${h(p.key)}: ${h(p.title)}`),
    ...ch.resolved.map((p) => `− ${h(p.key)}: ${h(p.title)}`),
  ];
}

function counts(r: Report): string {
  const parts = (["fail", "error", "warn", "ok", "skip"] as const)
    .map((k) => [k, r.findings.filter((f) => f.status === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

/** Escapes one line of finding text: newlines flattened, cut by code point before escaping. */
function h(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  return escapeHtml(chars.length > LINE_TEXT_LIMIT ? `${chars.slice(0, LINE_TEXT_LIMIT).join("")}…` : flat);
}
