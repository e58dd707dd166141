import { dirname, join } from "node:path";
import { expandHome, loadHostEnv, parseIntArg, resolveHermesHome } from "@wizard-council/kit";

/** Where the state lives: every library function takes these. */
export interface StatePathOptions {
  /** `--state`: wins over everything. */
  state?: string;
  /** `--hermes-home`: the root for the default path and for `.env`. */
  hermesHome?: string;
  /** Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The state file: `--state`, else `CYCLE_GUARD_STATE`, else `ALLEGRO_CYCLE_STATE` (the older
 * Python tool's variable), else `$HERMES_HOME/cycle-guard/state.json`. Variables may also come
 * from `$HERMES_HOME/.env`; the real environment wins.
 */
export function resolveStatePath(opts: StatePathOptions = {}): string {
  if (opts.state) return expandHome(opts.state);
  const env = opts.env ?? process.env;
  if (env.CYCLE_GUARD_STATE) return expandHome(env.CYCLE_GUARD_STATE);
  const home = resolveHermesHome(opts.hermesHome, env);
  const host = loadHostEnv(home, env);
  const fromEnv = host.get("CYCLE_GUARD_STATE") ?? host.get("ALLEGRO_CYCLE_STATE");
  return fromEnv ? expandHome(fromEnv) : join(home, "cycle-guard", "state.json");
}

/** The journal of finished cycles: `journal.jsonl` beside the state file. */
export function journalPathFor(statePath: string): string {
  return join(dirname(statePath), "journal.jsonl");
}

/** The lock file guarding the state file. */
export function lockPathFor(statePath: string): string {
  return `${statePath}.lock`;
}

/** Default lock wait: generous, because a burst of agent processes queues on one state file. */
export const DEFAULT_LOCK_WAIT_MS = 30_000;

/** How long to wait for the lock: the option, else `CYCLE_GUARD_LOCK_WAIT_MS`, else 30 s. */
export function resolveLockWaitMs(lockWaitMs: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (lockWaitMs !== undefined) return lockWaitMs;
  return parseIntArg(env.CYCLE_GUARD_LOCK_WAIT_MS, "CYCLE_GUARD_LOCK_WAIT_MS", { min: 0 }) ?? DEFAULT_LOCK_WAIT_MS;
}
