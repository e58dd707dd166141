import type { Writable } from "node:stream";
import type { Colors } from "./color.ts";
import type { Finding, Report, Status } from "./report.ts";

/** How a report is printed: JSON (one line) or the tool's human view. */
export type OutputFormat = "json" | "text" | (string & {});

const SYMBOL: Record<Status, string> = { ok: "✓", warn: "!", fail: "✗", error: "✗", skip: "−" };

/** The symbol and colour of a status in a human view. */
export function statusMark(status: Status, c: Colors): string {
  const s = SYMBOL[status];
  switch (status) {
    case "ok": return c.green(s);
    case "warn": return c.yellow(s);
    case "fail": return c.red(s);
    case "error": return c.red(c.bold(s));
    default: return c.dim(s);
  }
}

/** The default human view: a checklist of findings and a closing summary line. */
export function renderChecklist(report: Report<unknown>, c: Colors): string {
  const lines: string[] = [];
  for (const f of report.findings) lines.push(renderFindingLine(f, c));
  lines.push("");
  lines.push(renderSummaryLine(report, c));
  return `${lines.join("\n")}\n`;
}

/** One checklist line: mark, title, message, and the fix on the next line for problems. */
export function renderFindingLine(f: Finding, c: Colors): string {
  const msg = f.message ? c.dim(` — ${oneLine(f.message)}`) : "";
  const fix = f.fix && (f.status === "fail" || f.status === "error" || f.status === "warn") ? `\n    ${c.cyan("fix:")} ${oneLine(f.fix)}` : "";
  return `${statusMark(f.status, c)} ${f.title}${msg}${fix}`;
}

/** `tool: status · 3 ok · 1 warn ...`, coloured by the overall status. */
export function renderSummaryLine(report: Report<unknown>, c: Colors): string {
  const s = report.summary;
  const counts = (["ok", "warn", "fail", "error", "skip"] as const).filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`).join(" · ");
  const paint = report.status === "ok" ? c.green : report.status === "warn" ? c.yellow : c.red;
  return `${c.bold(report.tool)}: ${paint(report.status)}${counts ? ` · ${counts}` : ""}`;
}

/** Collapses whitespace so one message stays on one line in a terminal table. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Writes to a stream and resolves when it is flushed (or the reader went away:
 * EPIPE is not an error, CONTRACT.md §2).
 */
export function writeStream(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === "" || stream.destroyed || stream.writableEnded) return resolve();
    try {
      stream.write(text, () => resolve());
    } catch {
      resolve();
    }
  });
}

/** Makes EPIPE on a stream quiet for the rest of the process (a closed pipe ends the tool quietly). */
export function tolerateEpipe(stream: Writable): void {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") return;
    // Any other stream error is not ours to recover from; keep the default crash behaviour.
    throw err;
  });
}
