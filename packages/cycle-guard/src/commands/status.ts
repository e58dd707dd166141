import type { Colors } from "@wizard-council/kit";
import { defineCommand } from "citty";
import { commonArgs, stateOptions } from "../index.ts";
import { readStatus } from "../index.ts";
import { renderStatus } from "../view.ts";

export default defineCommand({
  meta: { name: "status", description: "Print the current cycle" },
  args: { ...commonArgs },
  run: ({ args }) => {
    const report = readStatus(stateOptions(args));
    return { report, views: { text: (c: Colors) => renderStatus(report, c) } };
  },
});
