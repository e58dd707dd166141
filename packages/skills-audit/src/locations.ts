import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expandHome, resolveHermesHome, ToolError } from "@wizard-council/kit";

/**
 * The skills shipped with this package: a `skills/` folder inside the package when published,
 * else the monorepo's top-level `skills/` (from `dist/` or `src/`, both one level below the package).
 */
export function bundledSkillsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const packaged = join(here, "..", "skills");
  if (existsSync(packaged)) return packaged;
  return join(here, "..", "..", "..", "skills");
}

/** Where the audit reads from and writes to, and which setting chose each. */
export interface AuditLocations {
  source: string;
  sourceFrom: "flag" | "SKILLS_AUDIT_SOURCE" | "bundled";
  target: string;
  targetFrom: "flag" | "HERMES_HOME";
}

/** Source: the option, else `SKILLS_AUDIT_SOURCE`, else the bundled skills. Target: the option, else `$HERMES_HOME/skills`. */
export function resolveLocations(opts: { source?: string; target?: string; hermesHome?: string; env?: NodeJS.ProcessEnv }): AuditLocations {
  const env = opts.env ?? process.env;
  const sourceFrom = opts.source ? "flag" : env.SKILLS_AUDIT_SOURCE ? "SKILLS_AUDIT_SOURCE" : "bundled";
  const rawSource = opts.source ? expandHome(opts.source) : env.SKILLS_AUDIT_SOURCE ? expandHome(env.SKILLS_AUDIT_SOURCE) : bundledSkillsDir();
  const source = existingDir(rawSource, "SOURCE_NOT_FOUND", sourceFrom === "flag" ? "--source" : sourceFrom === "SKILLS_AUDIT_SOURCE" ? "SKILLS_AUDIT_SOURCE" : "the bundled skills");
  const targetFrom = opts.target ? "flag" : "HERMES_HOME";
  const rawTarget = opts.target ? expandHome(opts.target) : join(resolveHermesHome(opts.hermesHome, env), "skills");
  let target = rawTarget;
  if (existsSync(rawTarget)) target = existingDir(rawTarget, "TARGET_NOT_DIRECTORY", opts.target ? "--target" : "$HERMES_HOME/skills");
  return { source, sourceFrom, target, targetFrom };
}

function existingDir(path: string, code: string, what: string): string {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read (${(err as NodeJS.ErrnoException).code})`;
    throw new ToolError(code, `skills folder from ${what} ${why}; expected a directory of <category>/<skill>/SKILL.md`, { path });
  }
  if (!statSync(real).isDirectory()) throw new ToolError(code, `skills folder from ${what} is not a directory`, { path });
  return real;
}
