import type { Writable } from "node:stream";
import { renderUsage, runCommand, type ArgsDef, type CommandDef } from "citty";
import { colorsFor, stripAnsi, type Colors } from "./color.ts";
import { resolveCommand, validateArgs } from "./command.ts";
import { renderChecklist, tolerateEpipe, writeStream } from "./emit.ts";
import { EXIT, formatErrorLine, isToolError, ToolError } from "./errors.ts";
import { createErrorReport, exitCodeFor, isReport, type Report } from "./report.ts";
import { scrub } from "./secrets.ts";

/** What a command may return besides a bare report: extra views, a preferred format, an exit code. */
export interface CommandOutput<D = unknown> {
  report: Report<D>;
  /** Views by format name; `text` is the terminal view (default: the kit's checklist). */
  views?: Partial<Record<string, (c: Colors) => string>>;
  /** Used when neither `--json` nor `--format` is given, whatever stdout is (e.g. Prometheus text). */
  preferredFormat?: string;
  /** Overrides the exit code derived from the report's status. */
  exitCode?: number;
  /**
   * The whole report already serialized, exactly as `JSON.stringify(report)` would write it, for a
   * command that has it as text (dependency-checker's report memo). Printed as is for json; parsed
   * back when another view needs the findings. `report` then only has to carry the envelope
   * (status, summary, data): its findings may be left empty.
   */
  json?: string;
}

/** A command's `run` returns a report or a {@link CommandOutput}. */
export type CommandResult<D = unknown> = Report<D> | CommandOutput<D>;

export interface ToolDefinition {
  name: string;
  version: string;
  main: CommandDef<any>;
  /** The tool's terminal view for bare reports (default: the kit's checklist). */
  render?: (report: Report<any>, c: Colors) => string;
  /** Formats beyond json and text that `--format` accepts (e.g. `md`). */
  formats?: readonly string[];
}

export interface RunToolIO {
  argv?: string[];
  stdout?: Writable & { isTTY?: boolean };
  stderr?: Writable & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a tool's command line under the contract (CONTRACT.md §2), replacing citty's runMain:
 * `--help`/`--version`, unknown flags rejected with usage on stderr, one JSON line or the human
 * view on stdout, exit codes 0/1/2/75 through `process.exitCode` (never `process.exit`), EPIPE
 * tolerated, ToolError → one stderr line plus an error envelope, stacks only with `--debug`,
 * and every byte scrubbed of known secret values. Resolves to the exit code.
 */
export async function runTool(def: ToolDefinition, io: RunToolIO = {}): Promise<number> {
  const argv = io.argv ?? process.argv.slice(2);
  const stdout = io.stdout ?? process.stdout;
  const env = io.env ?? process.env;
  if (stdout === process.stdout) tolerateEpipe(stdout);
  const debug = argv.includes("--debug");
  const hermesHomeFlag = flagValue(argv, "hermes-home");
  const clean = (text: string) => scrub(text, env, hermesHomeFlag);
  const allowedFormats = ["json", "text", ...(def.formats ?? [])];
  let jsonMode = wantsJsonFromArgv(argv, stdout);

  let resolved: Awaited<ReturnType<typeof resolveCommand>> | undefined;
  try {
    if (beforeDoubleDash(argv).includes("--version") || (argv.length === 1 && argv[0] === "-v")) {
      await writeStream(stdout, `${def.version}\n`);
      return finish(EXIT.OK);
    }
    if (hasHelpFlag(argv)) {
      // `tool --help` on a root with a default command shows the root (its command list), not the default's.
      const target = await resolveCommand(def.main, argv)
        .then((r) => (r.viaDefault && r.path.length === 1 ? { cmd: def.main, parent: undefined } : r))
        .catch(() => ({ cmd: def.main, parent: undefined }));
      await writeStream(stdout, `${await usageFor(target, await colorsFor(stdout, env))}\n`);
      return finish(EXIT.OK);
    }
    resolved = await resolveCommand(def.main, argv);
    const argsDef = await resolveArgsDef(resolved.cmd);
    if (hasHelpFlag(resolved.rawArgs)) {
      await writeStream(stdout, `${await usageFor(resolved, await colorsFor(stdout, env))}\n`);
      return finish(EXIT.OK);
    }
    validateArgs(resolved.rawArgs, argsDef);
    const format = explicitFormat(argv);
    if (format !== undefined && !allowedFormats.includes(format)) {
      jsonMode = !stdout.isTTY;
      throw new ToolError("INVALID_ARGUMENT", `--format must be one of ${allowedFormats.join(", ")}, got "${format}"`, { path: "--format" });
    }
    let result: unknown;
    try {
      ({ result } = await runCommand(resolved.cmd, { rawArgs: resolved.rawArgs }));
    } catch (err) {
      throw asUsageError(err);
    }
    const output = toOutput(result);
    const chosen = format ?? (argv.includes("--json") ? "json" : output.preferredFormat ?? (stdout.isTTY ? "text" : "json"));
    jsonMode = chosen === "json";
    const full = (): Report<unknown> => (output.json === undefined ? output.report : (JSON.parse(output.json) as Report<unknown>));
    const view = chosen === "json" ? undefined : output.views?.[chosen] ?? (chosen === "text" ? (cc: Colors) => (def.render ?? renderChecklist)(full(), cc) : undefined);
    if (chosen !== "json" && !view) throw new ToolError("INVALID_ARGUMENT", `this command has no ${chosen} view`, { path: "--format" });
    // The JSON line is built with its newline: a megabyte report is not copied again to check for one.
    const text = view ? view(await colorsFor(stdout, env)) : `${output.json ?? JSON.stringify(output.report)}\n`;
    await writeStream(stdout, clean(view === undefined || text.endsWith("\n") ? text : `${text}\n`));
    return finish(output.exitCode ?? exitCodeFor(output.report));
  } catch (err) {
    return finish(await reportFailure(err));
  }

  function finish(code: number): number {
    process.exitCode = code;
    return code;
  }

  async function reportFailure(err: unknown): Promise<number> {
    // process.stderr is a stream Node creates on first use: a run that prints nothing there never pays for it.
    const stderr = io.stderr ?? process.stderr;
    if (stderr === process.stderr) tolerateEpipe(stderr);
    const known = isToolError(err);
    const code = known ? err.code : "INTERNAL";
    const exit = known ? err.exitCode : EXIT.USAGE;
    const message = known ? err.message : `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
    const path = known ? err.path : undefined;
    let line = formatErrorLine(def.name, { message, path });
    if (!known && !debug) line += " (run with --debug for the stack)";
    const usage = known && ["UNKNOWN_FLAG", "UNKNOWN_COMMAND", "USAGE", "MISSING_VALUE", "UNEXPECTED_ARGUMENT"].includes(code)
      ? `${await usageFor(resolved ?? { cmd: def.main, parent: undefined }, await colorsFor(stderr, env))}\n\n`
      : "";
    const stack = debug && err instanceof Error && err.stack ? `${err.stack}\n` : "";
    await writeStream(stderr, clean(`${usage}${line}\n${stack}`));
    if (jsonMode) {
      const envelope = createErrorReport(def.name, def.version, { code, message, ...(path ? { path } : {}) });
      await writeStream(stdout, clean(`${JSON.stringify(envelope)}\n`));
    }
    return exit;
  }
}

function toOutput(result: unknown): CommandOutput {
  if (isReport(result)) return { report: result };
  if (typeof result === "object" && result !== null && isReport((result as CommandOutput).report)) return result as CommandOutput;
  throw new Error("command returned no report");
}

function asUsageError(err: unknown): unknown {
  // citty's own argument errors (missing positional, bad enum) are usage errors.
  if (err instanceof Error && err.name === "CLIError") return new ToolError("USAGE", stripAnsi(err.message));
  return err;
}

async function resolveArgsDef(cmd: CommandDef<ArgsDef>): Promise<ArgsDef> {
  const args = cmd.args;
  return (typeof args === "function" ? await (args as () => ArgsDef | Promise<ArgsDef>)() : await args) ?? {};
}

async function usageFor(resolved: { cmd: CommandDef<ArgsDef>; parent: CommandDef<ArgsDef> | undefined }, c: Colors): Promise<string> {
  const text = await renderUsage(resolved.cmd, resolved.parent);
  return c.enabled ? text : stripAnsi(text);
}

function beforeDoubleDash(args: string[]): string[] {
  const i = args.indexOf("--");
  return i === -1 ? args : args.slice(0, i);
}

function hasHelpFlag(args: string[]): boolean {
  for (const a of args) {
    if (a === "--") return false;
    if (a === "--help" || a === "-h") return true;
  }
  return false;
}

function flagValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}`) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

function explicitFormat(argv: string[]): string | undefined {
  return flagValue(argv, "format");
}

function wantsJsonFromArgv(argv: string[], stdout: { isTTY?: boolean }): boolean {
  const format = explicitFormat(argv);
  if (format !== undefined) return format === "json";
  return argv.includes("--json") || !stdout.isTTY;
}
