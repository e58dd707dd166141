import { statSync } from "node:fs";
import { join } from "node:path";
import { expandHome, ToolError } from "@wizard-council/kit";

/** A skills root to check, where it came from, and whether it exists. */
export interface SkillsDir {
  path: string;
  source: string;
  exists: boolean;
}

/** `--skills-dir` flags, else `DEPENDENCY_CHECKER_SKILLS_DIRS` (a path list), else `$HERMES_HOME/skills`. */
export function resolveSkillsDirs(flags: string[] | undefined, env: NodeJS.ProcessEnv, hermesHome: string): SkillsDir[] {
  const given = flags && flags.length > 0 ? flags.map((p) => ({ p, source: "flag" }))
    : env.DEPENDENCY_CHECKER_SKILLS_DIRS ? env.DEPENDENCY_CHECKER_SKILLS_DIRS.split(process.platform === "win32" ? ";" : ":").filter(Boolean).map((p) => ({ p, source: "DEPENDENCY_CHECKER_SKILLS_DIRS" }))
    : [{ p: join(hermesHome, "skills"), source: "default" }];
  return given.map(({ p, source }) => {
    const path = expandHome(p);
    let exists = false;
    try {
      exists = statSync(path).isDirectory();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new ToolError("UNREADABLE_SKILLS_DIR", `cannot read skills dir: ${(err as NodeJS.ErrnoException).code}`, { path });
    }
    if (!exists && source !== "default") throw new ToolError("SKILLS_DIR_NOT_FOUND", `skills dir does not exist or is not a directory (from ${source === "flag" ? "--skills-dir" : source})`, { path });
    return { path, source, exists };
  });
}

