import { defineCommand } from "citty";
import { commonArgs, stateOptions } from "../index.ts";
import { startSlice } from "../index.ts";

export default defineCommand({
  meta: { name: "slice", description: "Start a slice in the current cycle (an open slice is ended as superseded)" },
  args: {
    name: { type: "positional", required: true, description: "What this slice does" },
    ...commonArgs,
  },
  run: ({ args }) => startSlice({ ...stateOptions(args), name: args.name }),
});
