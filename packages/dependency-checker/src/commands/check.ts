import { expandHome, parseIntArg, parseListArg, type CommandOutput } from "@wizard-council/kit";
import { checkDependenciesAsJson, type DependencyReportData } from "../dependencies.ts";

/** The parsed flags citty hands over (repeated flags are re-read from rawArgs: citty keeps only the last). */
export interface CheckArgs {
  platform?: string;
  "hermes-home"?: string;
  "version-timeout"?: string;
  cache?: boolean;
  "cache-file"?: string;
}

/**
 * Runs the check for the CLI: flags first, then the documented env vars, then defaults. The report
 * comes as its JSON text (the kit prints it, or parses it back for `--format text`), which lets an
 * unchanged re-run print the memoised findings (report-memo.ts).
 */
export async function runCheck(args: CheckArgs, rawArgs: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandOutput<DependencyReportData>> {
  const timeout = parseIntArg(args["version-timeout"], "--version-timeout", { min: 1, max: 600_000 })
    ?? parseIntArg(env.DEPENDENCY_CHECKER_VERSION_TIMEOUT_MS, "DEPENDENCY_CHECKER_VERSION_TIMEOUT_MS", { min: 1, max: 600_000 });
  const skillsDirs = repeated(rawArgs, "skills-dir");
  return checkDependenciesAsJson({
    skillsDirs: skillsDirs.length > 0 ? skillsDirs : undefined,
    skills: parseListArg(repeated(rawArgs, "skill")),
    platform: args.platform,
    hermesHome: args["hermes-home"],
    versionTimeoutMs: timeout,
    cache: cacheOption(args, env),
    env,
  });
}

/** The CLI keeps its cache unless told not to (`--no-cache`, `DEPENDENCY_CHECKER_CACHE=off`); the library does not. */
export function cacheOption(args: CheckArgs, env: NodeJS.ProcessEnv): boolean | string {
  if (args.cache === false || /^(?:off|0|false|no)$/i.test(env.DEPENDENCY_CHECKER_CACHE ?? "")) return false;
  const file = args["cache-file"] || env.DEPENDENCY_CHECKER_CACHE_FILE;
  return file ? expandHome(file) : true;
}

/** Every value given for `--name` (`--name v` or `--name=v`), in order. */
export function repeated(rawArgs: string[], name: string): string[] {
  const out: string[] = [];
  const camel = name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
  for (let i = 0; i < rawArgs.length; i++) {
    const a = rawArgs[i]!;
    if (a === "--") break;
    for (const n of new Set([name, camel])) {
      if (a === `--${n}` && i + 1 < rawArgs.length) out.push(rawArgs[++i]!);
      else if (a.startsWith(`--${n}=`)) out.push(a.slice(n.length + 3));
    }
  }
  return out;
}
