#!/usr/bin/env node
import { defineCommand } from "citty";
import { runTool } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import { commonArgs } from "./args.ts";

const main = defineCommand({
  meta: { name: "observatory-check", version: pkg.version, description: "Health checks, SQLite history, Telegram alerts, digest, SLOs and Prometheus export for one wizard host" },
  // Declared on the root too, so `observatory-check --db x` (no subcommand) reads x as the flag's value.
  args: commonArgs,
  default: "check",
  subCommands: {
    check: () => import("./commands/check.ts").then((m) => m.default),
    daemon: () => import("./commands/daemon.ts").then((m) => m.default),
    digest: () => import("./commands/digest.ts").then((m) => m.default),
    history: () => import("./commands/history.ts").then((m) => m.default),
    slo: () => import("./commands/slo.ts").then((m) => m.default),
    metrics: () => import("./commands/metrics.ts").then((m) => m.default),
    prune: () => import("./commands/prune.ts").then((m) => m.default),
  },
});

await runTool({ name: "observatory-check", version: pkg.version, main, formats: ["prom"] });
