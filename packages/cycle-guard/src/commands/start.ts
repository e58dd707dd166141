import { defineCommand } from "citty";
import { commonArgs, stateOptions } from "../index.ts";
import { startCycle } from "../index.ts";

export default defineCommand({
  meta: { name: "start", description: "Begin a cycle (refuses over one in progress unless --force, which aborts and journals it)" },
  args: {
    target: { type: "positional", required: true, description: "What this cycle works on" },
    details: { type: "string", description: "Free text stored with the cycle", valueHint: "text" },
    force: { type: "boolean", description: "Abort a cycle in progress (reason: superseded by <target>) and start anyway" },
    ...commonArgs,
  },
  run: ({ args }) => startCycle({ ...stateOptions(args), target: args.target, details: args.details, force: args.force === true }),
});
