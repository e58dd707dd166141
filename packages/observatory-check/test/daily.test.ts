// The per-day rollups behind `slo` (daily.ts + schema v2): a cache that must always give what
// reading every row of the window gives, whoever writes the rows and whenever.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cleanEnv, parseSingleReport, runBin, testdir } from "@wizard-council/kit/testing";
import { DAY_MS, rangeFigures, rowsFigures, type RangeFigures } from "../src/daily.ts";
import { computeSlos } from "../src/slo.ts";
import { openStore, type Store } from "../src/store.ts";
import { rows } from "./_host.ts";

const T0 = Date.parse("2026-10-01T00:00:00Z");
const STATUSES = ["ok", "ok", "ok", "warn", "fail", "error"] as const;

/** A small deterministic PRNG (mulberry32), so a failure names a reproducible case. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function store(): Promise<Store> {
  return (await openStore(join(testdir(), "observatory.db"), { create: true }))!;
}

/** Inserts a row the way any writer could: plain SQL, no tool code involved. */
function insertRow(db: Database.Database, checkId: string, ts: number, status: string, value: number | null, snapshotId = 1): void {
  db.prepare("INSERT INTO check_results (snapshot_id, ts, check_id, status, value, unit) VALUES (?, ?, ?, ?, ?, 'ms')").run(snapshotId, ts, checkId, status, value);
}

/** Comparable form: every run ascending (what the percentile merge relies on), then all values in order. */
function norm(f: RangeFigures): { rows: number; ok: number; values: number[] } {
  for (const run of f.runs) expect([...run]).toEqual([...run].sort((a, b) => a - b));
  const values = f.runs.flatMap((r) => [...r]).sort((a, b) => a - b);
  expect(values.length).toBe(f.count);
  return { rows: f.rows, ok: f.ok, values };
}

const truth = (db: Database.Database, checkId: string, from: number, to: number) => norm(rowsFigures(db, checkId, "(]", from, to));

describe("per-day rollups", () => {
  it("give exactly what the rows give, for 400 windows over random rows including ones on day boundaries", async () => {
    const s = await store();
    const rand = prng(42);
    let snap = 0;
    s.db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        // Mostly minute-ish spacing over 9 days, plus rows exactly on and next to midnight.
        const day = Math.floor(rand() * 9);
        const edge = rand() < 0.1;
        const ts = T0 + day * DAY_MS + (edge ? [0, 1, -1, DAY_MS - 1][Math.floor(rand() * 4)]! : Math.floor(rand() * DAY_MS));
        const status = STATUSES[Math.floor(rand() * STATUSES.length)]!;
        insertRow(s.db, "webhook_http", ts, status, status === "fail" || rand() < 0.05 ? null : Math.round(rand() * 3000 * 10) / 10, ++snap);
      }
    })();
    for (let i = 0; i < 400; i++) {
      const a = T0 - DAY_MS + Math.floor(rand() * 11 * DAY_MS);
      // Some windows start or end exactly on a midnight, or one millisecond off it.
      const from = rand() < 0.3 ? Math.floor(a / DAY_MS) * DAY_MS + [0, 1, -1][i % 3]! : a;
      const to = rand() < 0.3 ? from + Math.floor(rand() * 10) * DAY_MS + [0, 1, -1][i % 3]! : from + Math.floor(rand() * 10 * DAY_MS);
      expect(norm(rangeFigures(s.db, "webhook_http", from, to)), `window (${from}, ${to}]`).toEqual(truth(s.db, "webhook_http", from, to));
    }
    expect(rows<{ n: number }>(s.db, "SELECT count(*) AS n FROM check_daily")[0]!.n).toBeGreaterThan(0);
    s.close();
  });

  it("are rebuilt after any insert, delete or update of a row in their day, by any writer", async () => {
    const s = await store();
    const from = T0 - 1;
    const to = T0 + 5 * DAY_MS;
    for (let d = 0; d < 5; d++) for (let m = 0; m < 10; m++) insertRow(s.db, "webhook_http", T0 + d * DAY_MS + m * 60_000, "ok", 100 + m, d * 10 + m);
    const before = rangeFigures(s.db, "webhook_http", from, to);
    expect(norm(before).values.slice(-3)).toEqual([109, 109, 109]);
    const built = rows<{ day: number }>(s.db, "SELECT day FROM check_daily WHERE check_id = 'webhook_http' ORDER BY day").map((r) => r.day);
    expect(built).toEqual([0, 1, 2, 3, 4].map((d) => T0 / DAY_MS + d));

    // A late row for day 2, slower than anything: the p95 material changes, so must the answer.
    insertRow(s.db, "webhook_http", T0 + 2 * DAY_MS + 5, "ok", 9999, 999);
    expect(rows(s.db, "SELECT day FROM check_daily WHERE day = ?", T0 / DAY_MS + 2)).toEqual([]);
    expect(norm(rangeFigures(s.db, "webhook_http", from, to))).toEqual(truth(s.db, "webhook_http", from, to));
    expect(norm(rangeFigures(s.db, "webhook_http", from, to)).values.at(-1)).toBe(9999);

    // An update (status flip) and a delete (what pruning does) of rows in other days.
    s.db.prepare("UPDATE check_results SET status = 'fail', value = NULL WHERE check_id = 'webhook_http' AND ts = ?").run(T0 + 3 * DAY_MS);
    s.db.prepare("DELETE FROM check_results WHERE check_id = 'webhook_http' AND ts < ?").run(T0 + DAY_MS + 5 * 60_000);
    const after = rangeFigures(s.db, "webhook_http", from, to);
    expect(norm(after)).toEqual(truth(s.db, "webhook_http", from, to));
    expect(after.rows).toBe(50 + 1 - 15);
    expect(after.ok).toBe(after.rows - 1);
    s.close();
  });

  it("a DB opened read-only still answers from the rows and stores nothing", async () => {
    const s = await store();
    for (let d = 0; d < 3; d++) insertRow(s.db, "api_server_http", T0 + d * DAY_MS + 1000, "ok", 10 * (d + 1), d);
    const path = s.path;
    s.close();
    const ro = new Database(path, { readonly: true });
    expect(norm(rangeFigures(ro, "api_server_http", T0 - 1, T0 + 3 * DAY_MS))).toEqual({ rows: 3, ok: 3, values: [10, 20, 30] });
    expect(rows(ro, "SELECT * FROM check_daily")).toEqual([]);
    ro.close();
  });

  it("a window far longer than the data builds rollups only from the check's first row on", async () => {
    const s = await store();
    insertRow(s.db, "gateway_process", T0 + 1000, "ok", 1);
    insertRow(s.db, "gateway_process", T0 + DAY_MS + 1000, "fail", null, 2);
    const f = rangeFigures(s.db, "gateway_process", T0 - 3650 * DAY_MS, T0 + 2 * DAY_MS);
    expect([f.rows, f.ok]).toEqual([2, 1]);
    expect(rows(s.db, "SELECT day, rows, ok FROM check_daily")).toEqual([{ day: T0 / DAY_MS, rows: 1, ok: 1 }, { day: T0 / DAY_MS + 1, rows: 1, ok: 0 }]);
    expect(norm(rangeFigures(s.db, "nothing_here", T0 - DAY_MS, T0 + DAY_MS))).toEqual({ rows: 0, ok: 0, values: [] });
    s.close();
  });

  it("a version-1 DB is upgraded in place on open: rows kept, triggers in, SLOs unchanged", async () => {
    const s = await store();
    for (let i = 0; i < 200; i++) insertRow(s.db, "webhook_http", T0 + i * 3_600_000, i % 10 === 0 ? "fail" : "ok", i % 10 === 0 ? null : i, i);
    for (let i = 0; i < 200; i++) insertRow(s.db, "gateway_process", T0 + i * 3_600_000, i % 7 === 0 ? "fail" : "ok", 1, i);
    const config = { gatewayUptimeSloPct: 99.5, webhookLatencySloMs: 150, apiLatencySloMs: 2000 };
    const expected = computeSlos(s.db, config, T0 - 1, T0 + 9 * DAY_MS);
    // What a version-1 DB looks like: no check_daily, no triggers, the digest's older indexes.
    s.db.exec(`DROP TRIGGER check_daily_on_insert; DROP TRIGGER check_daily_on_delete; DROP TRIGGER check_daily_on_update; DROP TABLE check_daily;
      DROP INDEX snapshots_ts_status; DROP INDEX check_results_degraded; CREATE INDEX snapshots_ts ON snapshots(ts); PRAGMA user_version = 1;`);
    const path = s.path;
    s.close();

    const again = (await openStore(path, { create: false }))!;
    expect(again.db.pragma("user_version", { simple: true })).toBe(2);
    expect(rows(again.db, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").map((r) => r.name)).toEqual(["check_daily_on_delete", "check_daily_on_insert", "check_daily_on_update"]);
    expect(rows(again.db, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((r) => r.name)).toEqual(["alerts_pending", "alerts_ts", "check_results_degraded", "check_results_ts", "snapshots_ts_status"]);
    expect(rows(again.db, "SELECT count(*) AS n FROM check_results")).toEqual([{ n: 400 }]);
    expect(computeSlos(again.db, config, T0 - 1, T0 + 9 * DAY_MS)).toEqual(expected);
    expect(expected[1]).toMatchObject({ id: "webhook_latency_ms", samples: 180, failures: 20, actual: 189, met: false });
    again.close();
  });

  it("slo processes building rollups while another process writes into those days never fail and never keep a stale rollup (built bin)", async () => {
    const BIN = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
    const SCHEMA = fileURLToPath(new URL("../schema/report.schema.json", import.meta.url));
    const home = testdir();
    const s = (await openStore(join(home, "observatory.db"), { create: true }))!;
    const now = Date.now();
    const firstDay = Math.floor(now / DAY_MS) - 4;
    s.db.transaction(() => {
      for (let m = 0; m < 4 * 1440; m += 7) insertRow(s.db, "webhook_http", firstDay * DAY_MS + m * 60_000, "ok", 100 + (m % 50), m);
    })();
    s.close();
    // A writer in its own process: 300 single-row transactions into the days the readers roll up.
    const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    const script = `const D = require(${JSON.stringify(sqlite)}); const db = new D(process.argv[1], { timeout: 5000 });
      const ins = db.prepare("INSERT INTO check_results (snapshot_id, ts, check_id, status, value, unit) VALUES (?, ?, 'webhook_http', 'ok', ?, 'ms')");
      for (let i = 0; i < 300; i++) ins.run(100000 + i, ${firstDay * DAY_MS} + (i % 4) * ${DAY_MS} + 13 + i * 997, 5000 + i);`;
    const writer = new Promise<number | null>((resolve) => spawn(process.execPath, ["-e", script, join(home, "observatory.db")], { stdio: "ignore" }).on("close", resolve));
    const env = { ...cleanEnv(), HERMES_HOME: home };
    const readers = await Promise.all(Array.from({ length: 6 }, () => runBin(BIN, ["slo", "--days", "6"], { env })));
    expect(await writer).toBe(0);
    for (const r of readers) {
      expect(r.stderr).toBe("");
      expect(parseSingleReport(r.stdout, SCHEMA).data.slos[1].id).toBe("webhook_latency_ms");
    }
    // Whatever interleaving happened, what is stored now agrees with the rows, all 300 late rows included.
    const after = (await openStore(join(home, "observatory.db"), { create: false }))!;
    const f = rangeFigures(after.db, "webhook_http", now - 6 * DAY_MS, now);
    expect(norm(f)).toEqual(truth(after.db, "webhook_http", now - 6 * DAY_MS, now));
    expect(norm(f).values.filter((v) => v >= 5000)).toHaveLength(300);
    after.close();
  });
});
