import type { Status } from "@wizard-council/kit";

/** Longest text a table cell shows; the JSON twin keeps the full text. */
export const CELL_LIMIT = 300;

/**
 * Escapes text from a finding for a Markdown table cell or list item: `|` cannot end the
 * cell, a newline cannot end the row, and `<b>`, `&`, backticks, `*`, `_`, `[` render as
 * the characters they are, never as markup. Long text is cut (by code point) with "…".
 */
export function escapeMarkdown(text: string, limit = CELL_LIMIT): string {
  const flat = text.replace(/\r\n?/g, "\n").replace(/\s*\n\s*/g, " ").replace(/[\t\f\v]/g, " ").trim();
  const chars = Array.from(flat);
  const cut = chars.length > limit ? `${chars.slice(0, limit).join("")}…` : flat;
  return cut
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|#~])/g, "\\$1");
}

/** A Markdown table from a header and rows of already-escaped cells; every row gets the header's column count. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ("l" | "r")[] = []): string {
  const sep = header.map((_, i) => (align[i] === "r" ? "---:" : "---"));
  const line = (cells: readonly string[]) => `| ${header.map((_, i) => cells[i] ?? "").map((c) => (c === "" ? " " : c)).join(" | ")} |`;
  return [line(header), `| ${sep.join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** A double-quoted YAML scalar (JSON strings are valid YAML) for the front matter. */
export function yamlString(text: string): string {
  return JSON.stringify(text);
}

/** How a status reads in the report (an emoji survives any Markdown renderer and Telegram). */
export const STATUS_LABEL: Record<Status, string> = { ok: "✅ ok", warn: "⚠️ warn", fail: "❌ fail", error: "🛑 error", skip: "⏭️ skip" };
