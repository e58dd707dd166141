import { defineCommand } from "citty";
import { commonArgs, stateOptions } from "../index.ts";
import { resetState } from "../index.ts";

export default defineCommand({
  meta: { name: "reset", description: "Move a corrupt state file aside (<file>.corrupt-<ts>) and start empty; needs --yes" },
  args: {
    yes: { type: "boolean", description: "Confirm the reset" },
    ...commonArgs,
  },
  run: ({ args }) => resetState({ ...stateOptions(args), yes: args.yes === true }),
});
