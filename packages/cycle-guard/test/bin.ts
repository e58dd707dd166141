import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanEnv, parseSingleReport, runBin, type RunResult } from "@wizard-council/kit/testing";

/** The built CLI (turbo builds before tests; run `npx tsup` by hand otherwise). */
export const BIN = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
/** The built library entry, for child processes that call it in a loop. */
export const LIB = fileURLToPath(new URL("../dist/index.js", import.meta.url));
/** cycle-guard's report schema. */
export const SCHEMA = fileURLToPath(new URL("../schema/report.schema.json", import.meta.url));
/** A fixture file's absolute path. */
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Runs the built bin on one state file, with a clean environment. */
export function runCg(statePath: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  // HERMES_HOME points into the test's temp dir so nothing reads the real ~/.hermes/.env.
  const env = cleanEnv({ HERMES_HOME: join(dirname(statePath), "hermes-home"), CYCLE_GUARD_STATE: statePath, ...options.env });
  return runBin(BIN, args, { env, input: options.input, timeoutMs: 60_000 });
}

/** Runs the bin and returns its validated report (and the raw result). */
export async function cgReport(statePath: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = await runCg(statePath, args, options);
  return { ...result, report: parseSingleReport(result.stdout, SCHEMA) };
}
