import { defineCommand } from "citty";
import type { Colors } from "@wizard-council/kit";
import { baseOptions, checkPathArgs, commonArgs } from "../args.ts";
import { checkOnce } from "../check.ts";
import { renderCheck } from "../views.ts";

export default defineCommand({
  meta: { name: "check", description: "Run every check once, store the snapshot, send alerts (the default command)" },
  args: { ...commonArgs, ...checkPathArgs },
  run: async ({ args }) => {
    const report = await checkOnce(baseOptions(args));
    return { report, views: { text: (c: Colors) => renderCheck(report, c) } };
  },
});
