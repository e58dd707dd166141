#!/usr/bin/env node
import { defineCommand } from "citty";
import { formatArgs, hermesHomeArgs, runTool } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };

const main = defineCommand({
  meta: { name: "monthly-audit", version: pkg.version, description: "Run the wizard-council tools, write this month's Markdown audit, optionally post it to Telegram" },
  args: {
    ...formatArgs,
    format: { type: "string", description: "Output format: json, text or md (default: text on a terminal, json otherwise)", valueHint: "json|text|md" },
    ...hermesHomeArgs,
    month: { type: "string", description: "The month audited (default: the current month, UTC)", valueHint: "YYYY-MM" },
    out: { type: "string", description: "Folder for audit-YYYY-MM.md/.json (default: $MONTHLY_AUDIT_OUT, else $HERMES_HOME/wizard-council)", valueHint: "dir" },
    "post-telegram": { type: "boolean", description: "Post a summary and the report to Telegram (TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID)" },
    input: { type: "string", description: "Render report envelopes from FILE (or - for stdin: one JSON, an array, or NDJSON) instead of running the tools", valueHint: "FILE|-" },
    include: { type: "string", description: "Only these tools: bootstrap,skills,dependencies,fleet,observatory,cycles", valueHint: "LIST" },
    offline: { type: "boolean", description: "No network probes (bootstrap's network checks skip, fleet-status is not run)" },
  },
  run: async ({ args }) => (await import("./commands/audit.ts")).runAuditCommand(args),
});

await runTool({ name: "monthly-audit", version: pkg.version, main, formats: ["md"] });
