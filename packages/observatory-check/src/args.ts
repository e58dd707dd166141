import type { ArgsDef } from "citty";
import { formatArgs, hermesHomeArgs } from "@wizard-council/kit";
import type { BaseOptions } from "./config.ts";

/** Flags every observatory command accepts: output, HERMES_HOME and the DB path. */
export const commonArgs = {
  ...formatArgs,
  ...hermesHomeArgs,
  db: { type: "string", description: "Observatory DB (default: $OBSERVATORY_DB_PATH, else $HERMES_HOME/observatory.db)", valueHint: "file" },
} as const satisfies ArgsDef;

/** The library's path options from parsed flags. */
export function baseOptions(args: { db?: string; "hermes-home"?: string }): BaseOptions {
  return { ...(args.db ? { dbPath: args.db } : {}), ...(args["hermes-home"] ? { hermesHome: args["hermes-home"] } : {}) };
}
