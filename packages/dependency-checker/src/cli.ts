#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";
import { defineCommand } from "citty";
import { formatArgs, hermesHomeArgs, runTool } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };

/** Flags of the one command; the work itself is lazy-loaded so `--help` stays cheap. */
const checkArgs = {
  "skills-dir": { type: "string", description: "Skills root to check; repeat for several (default: $DEPENDENCY_CHECKER_SKILLS_DIRS, else $HERMES_HOME/skills)", valueHint: "dir" },
  skill: { type: "string", description: "Check only this skill (id category/name, folder or frontmatter name); repeat or comma-separate", valueHint: "name" },
  platform: { type: "string", description: "OS whose skills are checked: auto, linux, macos or windows (default: auto)", valueHint: "auto|linux|macos|windows" },
  "version-timeout": { type: "string", description: "Milliseconds each `<bin> --version` may take (default: $DEPENDENCY_CHECKER_VERSION_TIMEOUT_MS, else 5000)", valueHint: "ms" },
  cache: { type: "boolean", description: "Reuse what unchanged SKILL.md files and binaries said last run (default: on; --no-cache or DEPENDENCY_CHECKER_CACHE=off to skip)" },
  "cache-file": { type: "string", description: "Cache file (default: $DEPENDENCY_CHECKER_CACHE_FILE, else $HERMES_HOME/wizard-council/cache/dependency-checker.json)", valueHint: "file" },
  ...hermesHomeArgs,
  ...formatArgs,
} as const;

const main = defineCommand({
  meta: { name: "dependency-checker", version: pkg.version, description: "Check that every skill's declared binaries, env vars and credential files are present on this host" },
  args: checkArgs,
  run: async ({ args, rawArgs }) => (await import("./commands/check.ts")).runCheck(args, rawArgs),
});

// A run is a few hundred milliseconds of code that mostly runs once: optimising compiles on
// background threads compete with the --version children for the machine's cores, and the process
// waits for pending compile jobs before it can exit. Baseline (Sparkplug) code is enough here; this
// only affects this process (the library API, used in-process by monthly-audit, is untouched).
setFlagsFromString("--no-opt");

await runTool({ name: "dependency-checker", version: pkg.version, main });
