import { defineCommand } from "citty";
import { parseNumberArg } from "@wizard-council/kit";
import { baseOptions, commonArgs } from "../args.ts";
import { sloReport } from "../slo.ts";

export default defineCommand({
  meta: { name: "slo", description: "Each SLO over the window: target, actual, met; exit 1 if any is missed" },
  args: { ...commonArgs, days: { type: "string", description: "Window in days (default 30)", valueHint: "days" } },
  run: async ({ args }) => {
    const days = parseNumberArg(args.days, "--days", { min: 0.001, max: 3660 });
    return sloReport({ ...baseOptions(args), ...(days !== undefined ? { days } : {}) });
  },
});
