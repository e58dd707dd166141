import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/** Expands a leading `~` to the user's home directory and makes the path absolute. */
export function expandHome(p: string, home: string = homedir()): string {
  if (p === "~") return home;
  if (p.startsWith("~/")) return join(home, p.slice(2));
  return isAbsolute(p) ? p : resolve(p);
}

/** HERMES_HOME: the flag, else `$HERMES_HOME`, else `~/.hermes`. */
export function resolveHermesHome(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return expandHome(flag);
  if (env.HERMES_HOME) return expandHome(env.HERMES_HOME);
  return join(homedir(), ".hermes");
}

/**
 * The contract's path rule (CONTRACT.md §4): a flag wins, then each env var in order,
 * then the fallback. Returns the absolute path and where it came from.
 */
export function resolvePath(
  flag: string | undefined,
  envNames: readonly string[],
  fallback: string,
  env: NodeJS.ProcessEnv = process.env,
): { path: string; source: string } {
  if (flag) return { path: expandHome(flag), source: "flag" };
  for (const name of envNames) {
    const v = env[name];
    if (v) return { path: expandHome(v), source: name };
  }
  return { path: expandHome(fallback), source: "default" };
}
