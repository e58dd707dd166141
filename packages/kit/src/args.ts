import type { ArgsDef } from "citty";
import { ToolError } from "./errors.ts";

/** Output flags every command accepts, spelled the same in every tool. */
export const formatArgs = {
  json: { type: "boolean", description: "Print the JSON report (the default when stdout is not a terminal)" },
  format: { type: "string", description: "Output format: json or text (default: text on a terminal, json otherwise)", valueHint: "json|text" },
  debug: { type: "boolean", description: "Print stack traces with errors" },
} as const satisfies ArgsDef;

/** The HERMES_HOME override every tool accepts. */
export const hermesHomeArgs = {
  "hermes-home": { type: "string", description: "Per-host state root (default: $HERMES_HOME, else ~/.hermes)", valueHint: "dir" },
} as const satisfies ArgsDef;

export interface IntRange {
  min?: number;
  max?: number;
}

/**
 * Parses a whole-number flag or env value; anything else (`abc`, `1.5`, `10x`, out of range)
 * is a usage error naming the flag or variable.
 */
export function parseIntArg(value: string | number | undefined, name: string, range: IntRange = {}): number | undefined {
  if (value === undefined || value === "") return undefined;
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) throw new ToolError("INVALID_ARGUMENT", `${name} must be a whole number, got "${text}"`, { path: name });
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new ToolError("INVALID_ARGUMENT", `${name} is out of range, got "${text}"`, { path: name });
  if (range.min !== undefined && n < range.min) throw new ToolError("INVALID_ARGUMENT", `${name} must be at least ${range.min}, got ${n}`, { path: name });
  if (range.max !== undefined && n > range.max) throw new ToolError("INVALID_ARGUMENT", `${name} must be at most ${range.max}, got ${n}`, { path: name });
  return n;
}

/** Parses a decimal number flag or env value (e.g. a percentage); errors name the flag or variable. */
export function parseNumberArg(value: string | number | undefined, name: string, range: IntRange = {}): number | undefined {
  if (value === undefined || value === "") return undefined;
  const text = String(value).trim();
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(text)) throw new ToolError("INVALID_ARGUMENT", `${name} must be a number, got "${text}"`, { path: name });
  const n = Number(text);
  if (range.min !== undefined && n < range.min) throw new ToolError("INVALID_ARGUMENT", `${name} must be at least ${range.min}, got ${n}`, { path: name });
  if (range.max !== undefined && n > range.max) throw new ToolError("INVALID_ARGUMENT", `${name} must be at most ${range.max}, got ${n}`, { path: name });
  return n;
}

/** Splits a comma-separated list flag (`--only a,b`), also accepting repeated flags. */
export function parseListArg(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const parts = Array.isArray(value) ? value : [value];
  return parts.flatMap((p) => String(p).split(",")).map((s) => s.trim()).filter((s) => s.length > 0);
}
