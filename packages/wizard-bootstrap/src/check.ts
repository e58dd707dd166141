import { loadHostEnv, type Finding, type HostEnv, type Status } from "@wizard-council/kit";

/** A change `--fix` made, reported in `data.fixed`. */
export interface FixRecord {
  id: string;
  action: "mkdir" | "chmod";
  path: string;
  mode: string;
}

/** What every check gets: paths, the environment, the flags, and where to record fixes and secrets. */
export interface CheckContext {
  hermesHome: string;
  env: NodeJS.ProcessEnv;
  /** The environment layered over `$HERMES_HOME/.env`; throws (inside the check) when `.env` is unreadable. */
  hostEnv(): HostEnv;
  offline: boolean;
  fix: boolean;
  timeoutMs: number;
  fixed: FixRecord[];
  /** Secret values met while checking (tokens), redacted from every finding before it is returned. */
  secrets: Set<string>;
}

/** The part of a finding a check decides; the runner adds id and title. */
export interface Outcome {
  status: Status;
  message: string;
  fix?: string;
  data?: Record<string, unknown>;
}

/** One entry of the environment contract turned into something runnable. */
export interface Check {
  id: string;
  title: string;
  /** A failing optional check is a `warn`, never a failure of the run. */
  required: boolean;
  /** Network checks are skipped with `--offline`. */
  network: boolean;
  run(ctx: CheckContext): Promise<Outcome>;
}

/** The listing form of a check (`--list`, `listChecks()`). */
export interface CheckInfo {
  id: string;
  title: string;
  required: boolean;
  network: boolean;
}

/** A context whose host environment is read once, on first use. */
export function createContext(base: Omit<CheckContext, "hostEnv" | "fixed" | "secrets">): CheckContext {
  let cached: HostEnv | undefined;
  return { ...base, fixed: [], secrets: new Set(), hostEnv: () => (cached ??= loadHostEnv(base.hermesHome, base.env)) };
}

/** Builds a finding from a check and its outcome. */
export function toFinding(check: Pick<Check, "id" | "title">, outcome: Outcome): Finding {
  return { id: check.id, title: check.title, status: outcome.status, message: outcome.message, ...(outcome.fix ? { fix: outcome.fix } : {}), ...(outcome.data ? { data: outcome.data } : {}) };
}
