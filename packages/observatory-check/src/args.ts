import type { ArgsDef } from "citty";
import { formatArgs, hermesHomeArgs } from "@wizard-council/kit";
import type { BaseOptions } from "./config.ts";

/** Flags every observatory command accepts: output, HERMES_HOME and the DB path. */
export const commonArgs = {
  ...formatArgs,
  ...hermesHomeArgs,
  db: { type: "string", description: "Observatory DB (default: $OBSERVATORY_DB_PATH, else $HERMES_HOME/observatory.db)", valueHint: "file" },
} as const satisfies ArgsDef;

/** Paths only the commands that run the checks read (CONTRACT.md §4: every path has a flag and an env var). */
export const checkPathArgs = {
  "pid-file": { type: "string", description: "The gateway's pid file (default: $OBSERVATORY_GATEWAY_PID_FILE, else $HERMES_HOME/gateway.pid)", valueHint: "file" },
  "response-store": { type: "string", description: "hermes' response store (default: $OBSERVATORY_RESPONSE_STORE_PATH, else $HERMES_HOME/response_store.db)", valueHint: "file" },
} as const satisfies ArgsDef;

/** The library's path options from parsed flags. */
export function baseOptions(args: { db?: string; "hermes-home"?: string; "pid-file"?: string; "response-store"?: string }): BaseOptions {
  return {
    ...(args.db ? { dbPath: args.db } : {}),
    ...(args["hermes-home"] ? { hermesHome: args["hermes-home"] } : {}),
    ...(args["pid-file"] ? { pidFile: args["pid-file"] } : {}),
    ...(args["response-store"] ? { responseStorePath: args["response-store"] } : {}),
  };
}
