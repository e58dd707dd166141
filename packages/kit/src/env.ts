import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ToolError } from "./errors.ts";

/** Where a variable's value came from: the process environment wins over `$HERMES_HOME/.env`. */
export type EnvSource = "env" | "dotenv";

const LINE_BREAK = /\r?\n/;
const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;
const ESCAPED_NEWLINE = /\\n/g;
const ESCAPED_QUOTE = /\\"/g;
const TRAILING_COMMENT = /\s+#.*$/;

// The last text parsed and its variables: a run reads the same .env for its checks and again to
// scrub its output, and a fleet host's .env can hold hundreds of lines.
let lastText: string | undefined;
let lastVars: Map<string, string> | undefined;

/** Parses dotenv text leniently, as python-dotenv (hermes-agent's loader) does: `KEY=value`, `export KEY=...`, quotes, comments. */
export function parseDotEnv(text: string): Map<string, string> {
  // A copy each time: callers own (and may change) the map they get.
  if (text === lastText && lastVars) return new Map(lastVars);
  const vars = new Map<string, string>();
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(LINE_BREAK);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = ASSIGNMENT.exec(line);
    if (!m) continue;
    const key = m[1]!;
    let value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(ESCAPED_NEWLINE, "\n").replace(ESCAPED_QUOTE, '"');
    } else {
      value = value.replace(TRAILING_COMMENT, "").trim();
    }
    vars.set(key, value);
  }
  lastText = text;
  lastVars = vars;
  return new Map(vars);
}

/** Reads a dotenv file; a missing file is empty, an unreadable one is an error naming it. */
export function readDotEnv(path: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return new Map();
    if (code === "EISDIR") throw new ToolError("INVALID_ENV_FILE", "env file is a directory, expected a file", { path });
    throw new ToolError("UNREADABLE_ENV_FILE", `cannot read env file: ${code ?? "error"}`, { path });
  }
  return parseDotEnv(text);
}

/** A read-only view of the process environment layered over `$HERMES_HOME/.env`. */
export interface HostEnv {
  /** The value of a non-empty variable, or undefined. */
  get(name: string): string | undefined;
  /** Where a non-empty variable came from, or undefined when it is unset or empty. */
  sourceOf(name: string): EnvSource | undefined;
  /**
   * The names with a non-empty value in each layer, sorted (never a value): what decides
   * {@link HostEnv.sourceOf} for every name, so equal lists mean equal answers.
   */
  definedNames(): { env: string[]; dotenv: string[] };
  /** The dotenv file consulted. */
  readonly dotenvPath: string;
}

/** Layers the process environment (wins) over `$HERMES_HOME/.env`; values are never copied into `process.env`. */
export function loadHostEnv(hermesHome: string, env: NodeJS.ProcessEnv = process.env): HostEnv {
  const dotenvPath = join(hermesHome, ".env");
  const file = readDotEnv(dotenvPath);
  const sourceOf = (name: string): EnvSource | undefined => {
    if (env[name] !== undefined && env[name] !== "") return "env";
    const v = file.get(name);
    return v !== undefined && v !== "" ? "dotenv" : undefined;
  };
  const defined = (vars: Iterable<[string, string | undefined]>): string[] => {
    const names: string[] = [];
    for (const [name, value] of vars) if (value !== undefined && value !== "") names.push(name);
    return names.sort();
  };
  return {
    dotenvPath,
    sourceOf,
    definedNames: () => ({ env: defined(Object.entries(env)), dotenv: defined(file) }),
    get(name) {
      const src = sourceOf(name);
      if (src === "env") return env[name];
      if (src === "dotenv") return file.get(name);
      return undefined;
    },
  };
}
