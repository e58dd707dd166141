import type { Finding, Report, Status } from "@wizard-council/kit";
import { isProblem, type Changes, type ProblemRef } from "./changes.ts";
import { toolStatus, type AuditDocument } from "./document.ts";
import { renderInventory } from "./inventory.ts";
import { escapeMarkdown as esc, markdownTable, STATUS_LABEL, yamlString } from "./markdown-text.ts";

/** List items may say more than a table cell before being cut. */
const ITEM_LIMIT = 1000;

/**
 * Renders a month's audit as Markdown: front matter, Summary, Changed since last month,
 * Problems, Warnings, per-tool details, inventory. Every text that came from a finding is
 * escaped, so no message can break a table or inject markup.
 */
export function renderMarkdown(doc: AuditDocument): string {
  const c = doc.counts;
  const parts = [
    [
      "---",
      `period: ${yamlString(doc.period)}`,
      `host: ${yamlString(doc.host)}`,
      `generated: ${yamlString(doc.generatedAt)}`,
      `status: ${doc.status}`,
      `counts: { ok: ${c.ok}, warn: ${c.warn}, fail: ${c.fail}, error: ${c.error}, skip: ${c.skip} }`,
      `tools: [${doc.reports.map((r) => yamlString(r.tool)).join(", ")}]`,
      `generator: ${yamlString(`monthly-audit ${doc.version}`)}`,
      "---",
    ].join("\n"),
    `# Monthly audit ${esc(doc.period)} — ${esc(doc.host)}`,
    `**Overall: ${STATUS_LABEL[doc.status]}** · ${c.ok} ok · ${c.warn} warn · ${c.fail} fail · ${c.error} error · ${c.skip} skip`,
    "## Summary",
    renderSummary(doc),
    "## Changed since last month",
    renderChanges(doc.changes),
    "## Problems",
    renderGrouped(doc.reports, isProblem, "No problems: nothing failed and every tool ran."),
    "## Warnings",
    renderGrouped(doc.reports, (f) => f.status === "warn", "No warnings."),
    "## Details",
    ...doc.reports.flatMap((r) => [`### ${esc(r.tool)}`, renderDetails(r)]),
    "## Inventory",
    renderInventory(doc.reports),
  ];
  return `${parts.join("\n\n")}\n`;
}

function renderSummary(doc: AuditDocument): string {
  const rows = doc.reports.map((r) => {
    const n = (k: Status) => String(r.findings.filter((f) => f.status === k).length);
    const note = r.error ? esc(`${r.error.code}: ${r.error.message}`) : r.version ? esc(`${r.tool} ${r.version}`) : "";
    return [esc(r.tool), STATUS_LABEL[toolStatus(r)], n("ok"), n("warn"), n("fail"), n("error"), n("skip"), note];
  });
  for (const s of doc.skipped) rows.push([esc(s.tool), STATUS_LABEL.skip, "", "", "", "", "", esc(s.reason)]);
  if (rows.length === 0) return "No tools were run.";
  return markdownTable(["Tool", "Status", "ok", "warn", "fail", "error", "skip", "Note"], rows, ["l", "l", "r", "r", "r", "r", "r", "l"]);
}

/** The "Changed since last month" section on its own (also used by the Telegram summary's counts). */
export function renderChanges(ch: Changes): string {
  const file = `audit-${ch.previousPeriod}.json`;
  if (ch.state === "first") return `First audit: there is no report for ${ch.previousPeriod} (${file}) to compare with.`;
  if (ch.state === "unreadable") return `Could not compare with ${ch.previousPeriod}: ${file} ${esc(ch.note ?? "is unreadable")}. It was left as it is.`;
  const lines = [`Compared with ${ch.previousPeriod} (${file}): ${ch.newProblems.length} new, ${ch.resolved.length} resolved, ${ch.stillOpen} still open.`];
  if (ch.notChecked > 0) lines.push("", `${ch.notChecked} of last month's problems are in tools that did not run this month.`);
  const list = (title: string, items: ProblemRef[]) => {
    lines.push("", `### ${title} (${items.length})`, "");
    if (items.length === 0) lines.push("None.");
    for (const p of items) lines.push(`- ${STATUS_LABEL[p.status]} · ${esc(p.key, ITEM_LIMIT)} — ${esc(p.title, ITEM_LIMIT)}`);
  };
  list("New problems", ch.newProblems);
  list("Resolved problems", ch.resolved);
  return lines.join("\n");
}

function renderGrouped(reports: readonly Report[], keep: (f: Finding) => boolean, none: string): string {
  const blocks: string[] = [];
  for (const r of reports) {
    const items = r.findings.filter(keep);
    if (items.length === 0) continue;
    const lines = [`### ${esc(r.tool)}`, ""];
    for (const f of items) {
      const message = f.message ? `: ${esc(f.message, ITEM_LIMIT)}` : "";
      lines.push(`- ${STATUS_LABEL[f.status]} · ${esc(f.id, ITEM_LIMIT)} — ${esc(f.title, ITEM_LIMIT)}${message}`);
      if (f.fix) lines.push(`  - Fix: ${esc(f.fix, ITEM_LIMIT)}`);
    }
    blocks.push(lines.join("\n"));
  }
  return blocks.length > 0 ? blocks.join("\n\n") : none;
}

function renderDetails(r: Report): string {
  if (r.findings.length === 0) return "No findings.";
  const rows = r.findings.map((f) => [STATUS_LABEL[f.status], esc(f.id), esc(f.title), esc(f.message ?? "")]);
  return markdownTable(["Status", "ID", "Title", "Message"], rows);
}
