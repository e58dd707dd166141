import { existsSync } from "node:fs";
import { createReport, isToolError, type Finding, type Report } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import { recordAlerts, type AlertEvent } from "./alerts.ts";
import { loadConfig, type BaseOptions, type ObservatoryConfig } from "./config.ts";
import { canDeliver, deliverPending, type DeliveryOptions, type DeliveryResult } from "./notify.ts";
import { CHECK_TITLES, runChecks, type CheckResult, type Snapshot } from "./snapshot.ts";
import { busyAsTempFail, countSnapshots, insertSnapshot, openStore, type Store } from "./store.ts";

/** Options for `check` and the daemon: a clock and the Telegram test seams. */
export interface CheckOptions extends BaseOptions, DeliveryOptions {
  now?: () => Date;
  /** Overrides OBSERVATORY_PROC_DIR (where meminfo and stat are read). */
  procDir?: string;
}

/** What one cycle did: the stored snapshot, the alerts it queued and how delivery went. */
export interface CycleResult {
  snapshot: Snapshot;
  alerts: { check: string; kind: AlertEvent["kind"]; status: string }[];
  alerting: DeliveryResult;
}

/** One cycle on an open store: run the checks, store the snapshot, step the alert state, send what is pending. */
export async function runCycle(store: Store, config: ObservatoryConfig, options: CheckOptions = {}, dbExisted = true): Promise<CycleResult> {
  const snapshot = await runChecks({ config: withProcDir(config, options), dbExisted, countSnapshots: () => countSnapshots(store.db) }, options.now);
  return storeAndAlert(store, config, snapshot, options);
}

function withProcDir(config: ObservatoryConfig, options: CheckOptions): ObservatoryConfig {
  return options.procDir ? { ...config, procDir: options.procDir } : config;
}

/** Stores a snapshot, steps the alert state and sends what is pending. */
async function storeAndAlert(store: Store, config: ObservatoryConfig, snapshot: Snapshot, options: CheckOptions): Promise<CycleResult> {
  insertSnapshot(store, snapshot, config.retentionDays);
  const events = recordAlerts(store.db, snapshot, config.alertAfter, canDeliver(config));
  const alerting = await deliverPending(store.db, config, options, Date.parse(snapshot.ts));
  return { snapshot, alerts: events.map((e) => ({ check: e.checkId, kind: e.kind, status: e.status })), alerting };
}

/** A check result as a report finding. */
export function checkFinding(c: CheckResult): Finding {
  return { id: c.id, status: c.status, title: CHECK_TITLES[c.id] ?? c.id, message: c.message, data: { value: c.value, unit: c.unit } };
}

// A DB that cannot be opened is the `database` check's error, not a reason to skip the other seven.
const UNUSABLE_DB = ["CORRUPT_DB", "DB_OPEN_FAILED", "DB_TOO_NEW"];

/**
 * The `check` command: one snapshot, stored, alerts stepped and sent; findings are the eight checks.
 * The DB opens while the checks run (the CPU sample dominates the wall time). An unusable DB (not
 * SQLite, unopenable, too new) is the `database` check's error and the snapshot is not stored;
 * the file is left as it is. Other open failures (a legacy migration that cannot finish) are exit 2.
 */
export async function checkOnce(options: CheckOptions = {}): Promise<Report<CycleResult>> {
  const config = await loadConfig(options);
  const dbExisted = existsSync(config.dbPath);
  const opening = openStore(config.dbPath, { create: true }).then((s) => s!);
  // Settled here so a failed open is never an unhandled rejection while the checks still run.
  const opened = opening.then((store) => ({ store, err: undefined }), (err: unknown) => ({ store: undefined, err }));
  const snapshot = await runChecks({ config: withProcDir(config, options), dbExisted, countSnapshots: async () => countSnapshots((await opening).db) }, options.now);
  const { store, err } = await opened;
  if (!store) {
    if (!isToolError(err) || !UNUSABLE_DB.includes(err.code)) throw err;
    const alerting = { status: "skip" as const, message: `snapshot not stored and alerts not evaluated: ${err.message} (${config.dbPath})`, sent: 0, failed: 0, pending: 0 };
    return createReport({ tool: "observatory-check", version: pkg.version, findings: snapshot.checks.map(checkFinding), data: { snapshot, alerts: [], alerting }, now: options.now?.() });
  }
  try {
    const result = await storeAndAlert(store, config, snapshot, options);
    return createReport({ tool: "observatory-check", version: pkg.version, findings: result.snapshot.checks.map(checkFinding), data: result, now: options.now?.() });
  } catch (e) {
    throw busyAsTempFail(e, config.dbPath);
  } finally {
    store.close();
  }
}
