import type { ObservatoryConfig } from "./config.ts";
import { checkDatabase, checkResponseStore } from "./checks/databases.ts";
import { checkGateway } from "./checks/gateway.ts";
import { probeHttp } from "./checks/http-probe.ts";
import { checkCpu, checkDisk, checkMemory } from "./checks/resources.ts";

/** A check's status; `skip` means deliberately not checked (e.g. no response store on this host). */
export type CheckStatus = "ok" | "warn" | "fail" | "error" | "skip";

/** The eight stable check ids. */
export const CHECK_IDS = ["gateway_process", "api_server_http", "webhook_http", "disk", "memory", "cpu", "database", "response_store_db"] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** One check's outcome. For HTTP checks `value` is the latency of a successful probe only, else null. */
export interface CheckResult {
  id: string;
  status: CheckStatus;
  message: string;
  value: number | null;
  unit: string | null;
}

/** One run of every check, as stored and printed. */
export interface Snapshot {
  ts: string;
  status: "ok" | "warn" | "fail" | "error";
  checks: CheckResult[];
}

/** Human titles for the findings. */
export const CHECK_TITLES: Record<string, string> = {
  gateway_process: "gateway process",
  api_server_http: "API server health endpoint",
  webhook_http: "webhook health endpoint",
  disk: "disk use",
  memory: "memory use",
  cpu: "CPU busy",
  database: "observatory database",
  response_store_db: "response store database",
};

/** A snapshot's status: fail beats error beats warn beats ok (skip counts as ok). */
export function snapshotStatus(checks: readonly Pick<CheckResult, "status">[]): Snapshot["status"] {
  const has = (s: CheckStatus) => checks.some((c) => c.status === s);
  if (has("fail")) return "fail";
  if (has("error")) return "error";
  if (has("warn")) return "warn";
  return "ok";
}

/** True for the statuses that count as "down" for alerting. */
export function isBad(status: string): boolean {
  return status === "fail" || status === "error";
}

/** The context a check runs in. */
export interface CheckContext {
  config: ObservatoryConfig;
  /** Whether the observatory DB existed before this run opened it. */
  dbExisted: boolean;
  /** Answers `SELECT count(*) FROM snapshots` on the open store; throws when it cannot. */
  countSnapshots: () => number | Promise<number>;
}

type CheckFn = (ctx: CheckContext) => Promise<Omit<CheckResult, "id">>;

/**
 * Runs all eight checks concurrently (so the wall time is the CPU sample, not the sum) and
 * turns a check that throws into an `error` result instead of losing the snapshot.
 */
export async function runChecks(ctx: CheckContext, now: () => Date = () => new Date()): Promise<Snapshot> {
  const ts = now().toISOString();
  const table: [CheckId, CheckFn][] = [
    ["gateway_process", async (c) => checkGateway(c.config.pidFile)],
    ["api_server_http", (c) => probeHttp(c.config.apiUrl, c.config.apiLatencySloMs, c.config.httpTimeoutMs)],
    ["webhook_http", (c) => probeHttp(c.config.webhookUrl, c.config.webhookLatencySloMs, c.config.httpTimeoutMs)],
    ["disk", async (c) => checkDisk(c.config.hermesHome, c.config.disk)],
    ["memory", async (c) => checkMemory(c.config.memory, `${c.config.procDir}/meminfo`)],
    ["cpu", (c) => checkCpu(c.config.cpu, c.config.cpuSampleMs, `${c.config.procDir}/stat`)],
    ["database", (c) => checkDatabase(c.dbExisted, c.countSnapshots)],
    ["response_store_db", (c) => checkResponseStore(c.config.responseStorePath)],
  ];
  const checks = await Promise.all(
    table.map(async ([id, fn]): Promise<CheckResult> => {
      try {
        return { id, ...(await fn(ctx)) };
      } catch (err) {
        return { id, status: "error", message: `check failed: ${err instanceof Error ? err.message : String(err)}`, value: null, unit: null };
      }
    }),
  );
  return { ts, status: snapshotStatus(checks), checks };
}
