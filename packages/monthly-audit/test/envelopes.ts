import type { Finding, Report } from "@wizard-council/kit";
import { summarize, worstStatus } from "@wizard-council/kit";

/** A report envelope as a tool would print it, for feeding monthly-audit. */
export function envelope(tool: string, findings: Finding[], data: Record<string, unknown> = {}, host = "forge-01"): Report {
  return {
    schema: "wizard-council/report@1",
    tool,
    version: "0.1.0",
    host,
    generatedAt: "2026-11-01T09:00:00.000Z",
    status: worstStatus(findings),
    summary: summarize(findings),
    findings,
    data,
  };
}

/** Counts the cells of a Markdown table row, treating `\|` (odd backslashes before the pipe) as text. */
export function cellCount(row: string): number {
  let cells = 0;
  let backslashes = 0;
  for (const ch of row.trim()) {
    if (ch === "|" && backslashes % 2 === 0) cells += 1;
    backslashes = ch === "\\" ? backslashes + 1 : 0;
  }
  return cells - 1;
}

/** Every table in a Markdown document as its rows; asserts nothing, the test does. */
export function tables(markdown: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of markdown.split("\n")) {
    if (line.startsWith("|")) current.push(line);
    else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Why a string is not valid Telegram HTML as this tool sends it (only <b> and <i>, balanced,
 * every & an entity), or undefined when it is.
 */
export function telegramHtmlProblem(html: string): string | undefined {
  const stack: string[] = [];
  const re = /<(\/?)([a-z]+)>|<|&(amp|lt|gt|quot);|&/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[0] === "<") return `raw < at ${m.index}`;
    if (m[0] === "&") return `raw & at ${m.index}`;
    if (m[2]) {
      if (!["b", "i"].includes(m[2])) return `tag <${m[2]}> at ${m.index}`;
      if (m[1]) {
        if (stack.pop() !== m[2]) return `unbalanced </${m[2]}> at ${m.index}`;
      } else stack.push(m[2]);
    }
  }
  return stack.length > 0 ? `unclosed <${stack.join(">, <")}>` : undefined;
}

/** A finding carrying every hazard at once: pipes, HTML, ampersands, backticks, emoji, newlines, 5,000 characters. */
export function hostileFinding(i: number): Finding {
  return {
    id: `hostile/${i}|x`,
    status: "fail",
    title: `pipe | <b>bold</b> & \`tick\` 🧙‍♂️ #${i}`,
    message: `line one\nline | two <script>&amp; 🔥 ${"x".repeat(5000)}`,
    fix: `run \`thing | other\` & <i>retry</i>\nthen relax 😌`,
  };
}
