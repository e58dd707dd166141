import { defineCommand } from "citty";
import type { Colors } from "@wizard-council/kit";
import { parseNumberArg } from "@wizard-council/kit";
import { baseOptions, commonArgs } from "../args.ts";
import { pruneHistory } from "../history.ts";
import { renderPrune } from "../views.ts";

export default defineCommand({
  meta: { name: "prune", description: "Delete history older than the retention (default $OBSERVATORY_RETENTION_DAYS, else 30 days)" },
  args: { ...commonArgs, days: { type: "string", description: "Keep this many days", valueHint: "days" } },
  run: async ({ args }) => {
    const days = parseNumberArg(args.days, "--days", { min: 0, max: 36_600 });
    const report = await pruneHistory({ ...baseOptions(args), ...(days !== undefined ? { days } : {}) });
    return { report, views: { text: (c: Colors) => renderPrune(report, c) } };
  },
});
