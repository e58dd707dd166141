import { readFile } from "node:fs/promises";
import { STATUSES, ToolError, type Report } from "@wizard-council/kit";

/**
 * Parses report envelopes given as one JSON document, a JSON array of documents, or NDJSON
 * (CONTRACT.md §3). Anything else is an exit-2 error naming the line (or array index) at fault.
 */
export function parseReports(text: string, source: string): Report[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw new ToolError("EMPTY_INPUT", `no report envelopes in ${sourceName(source)} (it is empty)`, { path: source });
  let whole: unknown;
  let parsedWhole = false;
  try {
    whole = JSON.parse(body);
    parsedWhole = true;
  } catch {
    // Not one document: read it as NDJSON below, which names the line that fails.
  }
  if (parsedWhole) {
    if (Array.isArray(whole)) {
      if (whole.length === 0) throw new ToolError("EMPTY_INPUT", `no report envelopes in ${sourceName(source)} (an empty array)`, { path: source });
      return whole.map((item, i) => checkReport(item, `element ${i} of the array in ${sourceName(source)}`, source));
    }
    return [checkReport(whole, sourceName(source), source)];
  }
  const reports: Report[] = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new ToolError("INVALID_INPUT", `line ${i + 1} of ${sourceName(source)} is not JSON (${why})`, { path: source });
    }
    const where = `line ${i + 1} of ${sourceName(source)}`;
    if (Array.isArray(value)) value.forEach((item, j) => reports.push(checkReport(item, `${where}, element ${j}`, source)));
    else reports.push(checkReport(value, where, source));
  }
  return reports;
}

/** Reads `--input FILE|-` (stdin for `-`) and parses it with {@link parseReports}. */
export async function readReports(input: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<Report[]> {
  let text: string;
  if (input === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
    text = Buffer.concat(chunks).toString("utf8");
  } else {
    try {
      text = await readFile(input, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "error";
      throw new ToolError("UNREADABLE_INPUT", `cannot read --input file: ${code}`, { path: input });
    }
  }
  return parseReports(text, input);
}

function sourceName(source: string): string {
  return source === "-" ? "stdin" : source;
}

/** Checks the fields the report is built from; the message names where the bad envelope is. */
function checkReport(value: unknown, where: string, source: string): Report {
  const bad = (what: string) => new ToolError("INVALID_INPUT", `${where} is not a report envelope: ${what}`, { path: source });
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw bad(`expected an object with "schema": "wizard-council/report@1", got ${kind(value)}`);
  const v = value as Record<string, unknown>;
  if (v.schema !== "wizard-council/report@1") throw bad(`"schema" must be "wizard-council/report@1", got ${JSON.stringify(v.schema) ?? "nothing"}`);
  if (typeof v.tool !== "string" || !/^[a-z][a-z0-9-]*$/.test(v.tool)) throw bad(`"tool" must be a tool name, got ${JSON.stringify(v.tool) ?? "nothing"}`);
  if (!["ok", "warn", "fail", "error"].includes(v.status as string)) throw bad(`"status" must be ok, warn, fail or error, got ${JSON.stringify(v.status) ?? "nothing"}`);
  if (!Array.isArray(v.findings)) throw bad(`"findings" must be an array`);
  v.findings.forEach((f: unknown, i: number) => {
    const fr = (typeof f === "object" && f !== null ? f : {}) as Record<string, unknown>;
    if (typeof fr.id !== "string" || fr.id === "") throw bad(`findings[${i}].id must be a non-empty string`);
    if (!STATUSES.includes(fr.status as never)) throw bad(`findings[${i}].status must be one of ${STATUSES.join(", ")}`);
    if (typeof fr.title !== "string") throw bad(`findings[${i}].title must be a string`);
    for (const key of ["message", "fix"]) {
      if (fr[key] !== undefined && typeof fr[key] !== "string") throw bad(`findings[${i}].${key} must be a string`);
    }
  });
  return {
    ...(v as unknown as Report),
    host: typeof v.host === "string" ? v.host : "",
    version: typeof v.version === "string" ? v.version : "",
    generatedAt: typeof v.generatedAt === "string" ? v.generatedAt : "",
    data: typeof v.data === "object" && v.data !== null ? (v.data as Record<string, unknown>) : {},
    summary: (typeof v.summary === "object" && v.summary !== null ? v.summary : {}) as Report["summary"],
  };
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
