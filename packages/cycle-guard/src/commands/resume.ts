import { defineCommand } from "citty";
import { commonArgs, parseMinutes, stateOptions } from "../index.ts";
import { resumeCycle } from "../index.ts";

export default defineCommand({
  meta: { name: "resume", description: "Crash-recovery gate: abort a cycle left idle (or with a slice open) past the limit" },
  args: {
    "stale-minutes": { type: "string", description: "Idle limit in minutes (default 30)", valueHint: "minutes" },
    ...commonArgs,
  },
  run: ({ args }) => resumeCycle({ ...stateOptions(args), staleMinutes: parseMinutes(args["stale-minutes"], "--stale-minutes") }),
});
