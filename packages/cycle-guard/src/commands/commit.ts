import { defineCommand } from "citty";
import { commonArgs, stateOptions } from "../index.ts";
import { commitCycle } from "../index.ts";
import { readProof } from "../index.ts";

export default defineCommand({
  meta: { name: "commit", description: "Complete the cycle with its proof (an open slice ends complete)" },
  args: {
    proof: { type: "string", description: "Proof as JSON, @file, or - for stdin (e.g. another tool's report)", valueHint: "json|@file|-" },
    ...commonArgs,
  },
  run: async ({ args }) => commitCycle({ ...stateOptions(args), proof: await readProof(args.proof) }),
});
