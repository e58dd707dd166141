import { defineCommand } from "citty";
import { commonArgs, stateOptions } from "../index.ts";
import { abortCycle } from "../index.ts";

export default defineCommand({
  meta: { name: "abort", description: "Abort the cycle with a reason (an open slice ends aborted)" },
  args: {
    reason: { type: "positional", required: true, description: "Why the cycle is abandoned" },
    ...commonArgs,
  },
  run: ({ args }) => abortCycle({ ...stateOptions(args), reason: args.reason }),
});
