import { createReport, type Report } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import { checkFinding, runCycle, type CheckOptions, type CycleResult } from "./check.ts";
import { loadConfig } from "./config.ts";
import { openStore } from "./store.ts";

/** Daemon options: the interval (seconds, decimals allowed) and the signal that stops it. */
export interface DaemonOptions extends CheckOptions {
  intervalS?: number;
  signal?: AbortSignal;
}

/** What the daemon did before it stopped. */
export interface DaemonSummary {
  snapshots: number;
  alertsQueued: number;
  alertsSent: number;
  intervalS: number;
  last: CycleResult | null;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Polls until `signal` aborts: a stop request lets the snapshot in flight finish and be
 * stored, then the DB is closed. A cycle that throws (e.g. a momentarily locked DB) is
 * counted and the loop carries on; a check that throws is already an `error` finding.
 */
export async function runDaemon(options: DaemonOptions = {}): Promise<Report<DaemonSummary & { cycleErrors: string[] }>> {
  const config = await loadConfig(options);
  const intervalS = options.intervalS ?? config.pollIntervalS;
  const store = (await openStore(config.dbPath, { create: true }))!;
  const summary: DaemonSummary & { cycleErrors: string[] } = { snapshots: 0, alertsQueued: 0, alertsSent: 0, intervalS, last: null, cycleErrors: [] };
  let existed = store.existed;
  try {
    while (!options.signal?.aborted) {
      const started = Date.now();
      try {
        const result = await runCycle(store, config, options, existed);
        existed = true;
        summary.snapshots++;
        summary.alertsQueued += result.alerts.length;
        summary.alertsSent += result.alerting.sent;
        summary.last = result;
      } catch (err) {
        // Keep the last few only: a daemon running for months must not grow without bound.
        summary.cycleErrors = [...summary.cycleErrors.slice(-9), err instanceof Error ? err.message : String(err)];
      }
      await sleep(Math.max(0, intervalS * 1000 - (Date.now() - started)), options.signal);
    }
  } finally {
    store.close();
  }
  const findings = summary.last ? summary.last.snapshot.checks.map(checkFinding) : [];
  return createReport({ tool: "observatory-check", version: pkg.version, findings, data: summary, now: options.now?.() });
}
