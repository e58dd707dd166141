import { readFileSync } from "node:fs";
import { ToolError } from "@wizard-council/kit";

/** Parses proof text as one JSON value; anything else is INVALID_PROOF naming where it came from. */
export function parseProof(text: string, source: string): unknown {
  if (text.trim() === "") throw new ToolError("INVALID_PROOF", `proof from ${source} is empty; expected a JSON value`, { path: source });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ToolError("INVALID_PROOF", `proof from ${source} is not valid JSON: ${(err as Error).message}`, { path: source });
  }
}

/**
 * Resolves `--proof`: `-` reads stdin (so another tool's report can be piped in), `@file`
 * reads a file, anything else is JSON text. Read before the lock is taken: stdin may be slow.
 */
export async function readProof(spec: string | undefined, stdin: NodeJS.ReadableStream = process.stdin): Promise<unknown> {
  if (spec === undefined) return undefined;
  if (spec === "-") return parseProof(await readAll(stdin), "stdin");
  if (spec.startsWith("@")) {
    const file = spec.slice(1);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new ToolError("INVALID_PROOF", `cannot read proof file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { path: file });
    }
    return parseProof(text, file);
  }
  return parseProof(spec, "--proof");
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}
