import { defineCommand } from "citty";
import { commonArgs, parseMinutes, stateOptions } from "../index.ts";
import { checkSlice } from "../index.ts";

export default defineCommand({
  meta: { name: "check", description: "Exit 1 if the open slice has run past the limit" },
  args: {
    "max-minutes": { type: "string", description: "Slice limit in minutes (default 10)", valueHint: "minutes" },
    ...commonArgs,
  },
  run: ({ args }) => checkSlice({ ...stateOptions(args), maxMinutes: parseMinutes(args["max-minutes"], "--max-minutes") }),
});
