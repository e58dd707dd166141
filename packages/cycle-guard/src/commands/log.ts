import { parseIntArg, type Colors } from "@wizard-council/kit";
import { defineCommand } from "citty";
import { commonArgs, stateOptions } from "../index.ts";
import { readJournalStats } from "../index.ts";
import { renderLog } from "../view.ts";

export default defineCommand({
  meta: { name: "log", description: "List finished cycles from the journal, newest first, with commit rate and median duration" },
  args: {
    limit: { type: "string", description: "How many cycles to list (default 20; stats cover all)", valueHint: "n" },
    since: { type: "string", description: "Only cycles finished at or after this ISO date/time", valueHint: "iso" },
    ...commonArgs,
  },
  run: ({ args }) => {
    const report = readJournalStats({ ...stateOptions(args), limit: parseIntArg(args.limit, "--limit", { min: 0 }), since: args.since });
    return { report, views: { text: (c: Colors) => renderLog(report, c) } };
  },
});
