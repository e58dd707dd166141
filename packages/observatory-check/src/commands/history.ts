import { defineCommand } from "citty";
import type { Colors } from "@wizard-council/kit";
import { parseIntArg } from "@wizard-council/kit";
import { baseOptions, commonArgs } from "../args.ts";
import { historyReport } from "../history.ts";
import { renderHistory } from "../views.ts";

export default defineCommand({
  meta: { name: "history", description: "The last N snapshots (default 20), newest first" },
  args: { ...commonArgs, count: { type: "positional", required: false, description: "How many snapshots (default 20)" } },
  run: async ({ args }) => {
    const limit = parseIntArg(args.count as string | undefined, "N (history count)", { min: 1, max: 100_000 });
    const report = await historyReport({ ...baseOptions(args), ...(limit !== undefined ? { limit } : {}) });
    return { report, views: { text: (c: Colors) => renderHistory(report, c) } };
  },
});
