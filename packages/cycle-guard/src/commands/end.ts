import { defineCommand } from "citty";
import { commonArgs, stateOptions } from "../index.ts";
import { endSlice } from "../index.ts";

export default defineCommand({
  meta: { name: "end", description: "End the open slice" },
  args: {
    status: { type: "string", description: "How the slice ended: complete (default) or failed", valueHint: "complete|failed" },
    artifact: { type: "string", description: "What the slice produced (path or URL)", valueHint: "path|url" },
    ...commonArgs,
  },
  run: ({ args }) => endSlice({ ...stateOptions(args), status: args.status, artifact: args.artifact }),
});
