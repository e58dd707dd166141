import { formatArgs, hermesHomeArgs, parseNumberArg } from "@wizard-council/kit";
import type { ArgsDef } from "citty";

/** Flags every cycle-guard command takes: where the state lives, plus the kit's output flags. */
export const commonArgs = {
  state: {
    type: "string",
    description: "State file (default: $CYCLE_GUARD_STATE, else $ALLEGRO_CYCLE_STATE, else $HERMES_HOME/cycle-guard/state.json)",
    valueHint: "path",
  },
  ...hermesHomeArgs,
  ...formatArgs,
} as const satisfies ArgsDef;

/** The library's path options from parsed flags. */
export function stateOptions(args: Record<string, unknown>): { state?: string; hermesHome?: string } {
  const state = typeof args.state === "string" ? args.state : undefined;
  const hermesHome = typeof args["hermes-home"] === "string" ? (args["hermes-home"] as string) : undefined;
  return { ...(state ? { state } : {}), ...(hermesHome ? { hermesHome } : {}) };
}

/** A minutes flag (`--max-minutes`, `--stale-minutes`): a non-negative number; errors name the flag. */
export function parseMinutes(value: unknown, flag: string): number | undefined {
  return parseNumberArg(typeof value === "string" ? value : undefined, flag, { min: 0 });
}
