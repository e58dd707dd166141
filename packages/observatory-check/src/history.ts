import { createReport, type Report } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import { loadConfig, type BaseOptions } from "./config.ts";
import type { Snapshot } from "./snapshot.ts";
import { latestSnapshots, pruneBefore, withStore } from "./store.ts";

/** The `history` report: the last `limit` snapshots, newest first (only those rows are decoded). */
export async function historyReport(opts: BaseOptions & { limit?: number; now?: Date } = {}): Promise<Report<{ snapshots: Snapshot[] }>> {
  const config = await loadConfig(opts);
  const snapshots = await withStore(config.dbPath, false, (store) => (store ? latestSnapshots(store.db, opts.limit ?? 20) : []));
  return createReport({ tool: "observatory-check", version: pkg.version, findings: [], data: { snapshots }, now: opts.now });
}

/** The newest stored snapshot, or undefined when there is none. */
export async function latestSnapshot(opts: BaseOptions = {}): Promise<Snapshot | undefined> {
  const config = await loadConfig(opts);
  return withStore(config.dbPath, false, (store) => (store ? latestSnapshots(store.db, 1)[0] : undefined));
}

/** The `prune` report: deletes history older than `days` (default: the retention). */
export async function pruneHistory(opts: BaseOptions & { days?: number; now?: Date } = {}): Promise<Report<{ days: number; cutoff: string; deleted: number }>> {
  const config = await loadConfig(opts);
  const days = opts.days ?? config.retentionDays;
  const cutoff = (opts.now ?? new Date()).getTime() - days * 86_400_000;
  const deleted = await withStore(config.dbPath, false, (store) => (store ? store.db.transaction(() => pruneBefore(store.db, cutoff)).immediate() : 0));
  return createReport({ tool: "observatory-check", version: pkg.version, findings: [], data: { days, cutoff: new Date(cutoff).toISOString(), deleted }, now: opts.now });
}
