#!/usr/bin/env node
import { defineCommand } from "citty";
import { runTool } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import { auditArgs } from "./commands/args.ts";

// A single command; its body (skill reading, hashing, yaml) is loaded only when it runs,
// so `--help` and `--version` stay cheap.
const main = defineCommand({
  meta: { name: "skills-audit", version: pkg.version, description: "Compare installed hermes skills with the bundled ones; --fix installs and updates them safely" },
  args: auditArgs,
  run: async ({ args }) => (await import("./commands/audit.ts")).runAudit(args),
});

await runTool({ name: "skills-audit", version: pkg.version, main });
