#!/usr/bin/env node
import { runTool } from "@wizard-council/kit";
import type { CommandDef } from "citty";
import pkg from "../package.json" with { type: "json" };

// Every command is its own chunk: an agent loop pays only for the one it runs. Commands import
// the library (and their flags) through index.ts so all of it lands in one shared chunk: with
// per-module imports esbuild cut it into six, and loading them took ~15 ms instead of ~5 ms.
const main: CommandDef = {
  meta: {
    name: "cycle-guard",
    version: pkg.version,
    description: "Commit-or-abort discipline for agent work loops. State file: --state, else $CYCLE_GUARD_STATE, else $ALLEGRO_CYCLE_STATE, else $HERMES_HOME/cycle-guard/state.json; lock wait: $CYCLE_GUARD_LOCK_WAIT_MS (default 30000 ms, then exit 75)",
  },
  subCommands: {
    start: () => import("./commands/start.ts").then((m) => m.default),
    slice: () => import("./commands/slice.ts").then((m) => m.default),
    end: () => import("./commands/end.ts").then((m) => m.default),
    commit: () => import("./commands/commit.ts").then((m) => m.default),
    abort: () => import("./commands/abort.ts").then((m) => m.default),
    resume: () => import("./commands/resume.ts").then((m) => m.default),
    check: () => import("./commands/check.ts").then((m) => m.default),
    status: () => import("./commands/status.ts").then((m) => m.default),
    log: () => import("./commands/log.ts").then((m) => m.default),
    reset: () => import("./commands/reset.ts").then((m) => m.default),
  },
};

await runTool({ name: "cycle-guard", version: pkg.version, main });
