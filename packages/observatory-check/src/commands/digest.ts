import { defineCommand } from "citty";
import type { Colors } from "@wizard-council/kit";
import { parseNumberArg } from "@wizard-council/kit";
import { baseOptions, commonArgs } from "../args.ts";
import { digestReport } from "../digest.ts";
import { renderDigest } from "../views.ts";

export default defineCommand({
  meta: { name: "digest", description: "Summary of the last N hours; --send posts it to Telegram" },
  args: {
    ...commonArgs,
    send: { type: "boolean", description: "Post the digest to OBSERVATORY_DIGEST_CHAT_ID (else the alert chat)" },
    hours: { type: "string", description: "Window in hours (default 24)", valueHint: "hours" },
  },
  run: async ({ args }) => {
    const hours = parseNumberArg(args.hours, "--hours", { min: 0.01, max: 24 * 366 });
    const report = await digestReport({ ...baseOptions(args), ...(hours !== undefined ? { hours } : {}), send: args.send === true });
    return { report, views: { text: (c: Colors) => renderDigest(report, c) } };
  },
});
