import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { closeAfterTest, startTelegramStub, testdir } from "@wizard-council/kit/testing";
import { checkOnce } from "../src/check.ts";
import { digestReport } from "../src/digest.ts";
import { historyReport } from "../src/history.ts";
import { sloReport } from "../src/slo.ts";
import { fixedProc, hostEnv, rows } from "./_host.ts";
import { p95, writeLegacyDb } from "./_legacy.ts";

const END = Date.parse("2026-11-20T12:00:00Z");
const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

describe("migrating the older Python observatory's DB", () => {
  it("migrates a month of history in place on first open, idempotently, and keeps it queryable", async () => {
    const home = testdir();
    const dbPath = join(home, "observatory.db");
    const fx = writeLegacyDb(dbPath, { end: END });
    expect(fx.snapshots).toBe(8640);
    const env = hostEnv(home);

    const history = await historyReport({ env, limit: 2 });
    expect(history.data.snapshots.map((s) => s.ts)).toEqual([new Date(END).toISOString(), new Date(END - 300_000).toISOString()]);
    expect(history.data.snapshots[0]!.status).toBe("fail");
    expect(history.data.snapshots[0]!.checks[0]).toEqual({ id: "gateway_process", status: "fail", message: "gateway not running", value: null, unit: null });
    expect(history.data.snapshots[0]!.checks[2]).toEqual({ id: "webhook_http", status: "warn", message: "connection refused (not started)", value: null, unit: "ms" });

    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(2);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('health_snapshots', 'alerts_sent')")).toEqual([]);
    expect(rows(db, "SELECT count(*) AS n FROM snapshots")).toEqual([{ n: 8640 }]);
    expect(rows(db, "SELECT count(*) AS n FROM check_results")).toEqual([{ n: 8640 * 8 }]);
    expect(rows(db, "SELECT status, count(*) AS n FROM check_results WHERE check_id = 'gateway_process' GROUP BY status ORDER BY status")).toEqual([{ status: "fail", n: fx.gatewayDown }, { status: "ok", n: 8640 - fx.gatewayDown }]);
    expect(rows(db, "SELECT check_id, kind, status, delivery FROM alerts ORDER BY ts")).toEqual([
      { check_id: "api_server_http", kind: "recovery", status: "ok", delivery: "sent" },
      { check_id: "gateway_process", kind: "alert", status: "fail", delivery: "sent" },
    ]);
    db.close();

    const slo = await sloReport({ env, now: new Date(END), days: 31 });
    expect(slo.data.slos).toEqual([
      expect.objectContaining({ id: "gateway_uptime_pct", actual: Math.round(((8640 - fx.gatewayDown) / 8640) * 100_000) / 1000, met: false, samples: 8640, failures: fx.gatewayDown }),
      // The old tool stored the refused webhook as ~1 ms: it must not look like a fast, healthy month.
      expect.objectContaining({ id: "webhook_latency_ms", actual: null, met: false, samples: 0, failures: 8640 }),
      expect.objectContaining({ id: "api_server_latency_ms", actual: p95(fx.apiLatencies), met: true, samples: fx.apiLatencies.length, failures: fx.api503 }),
    ]);

    const before = sha(dbPath);
    const again = await sloReport({ env, now: new Date(END), days: 31 });
    expect(again.data.slos).toEqual(slo.data.slos);
    const db2 = new Database(dbPath, { readonly: true });
    expect(rows(db2, "SELECT count(*) AS n FROM snapshots")).toEqual([{ n: 8640 }]);
    db2.close();
    expect(sha(dbPath)).toBe(before);

    const digest = await digestReport({ env, now: new Date(END), hours: 2 });
    expect(digest.data.digest.samples).toBe(24);
    expect(digest.data.digest.alerts).toEqual([
      { ts: new Date(END - 3_600_000).toISOString(), check: "api_server_http", status: "ok", kind: "recovery" },
      { ts: new Date(END).toISOString(), check: "gateway_process", status: "fail", kind: "alert" },
    ]);
  });

  it("does not re-alert after the upgrade on a check the old tool already alerted", async () => {
    const home = testdir();
    writeLegacyDb(join(home, "observatory.db"), { end: Date.now() - 60_000, days: 1 });
    const tg = await startTelegramStub();
    closeAfterTest(tg);
    const env = { ...hostEnv(home, { TELEGRAM_BOT_TOKEN: "123456:legacy-token", OBSERVATORY_ALERT_CHAT_ID: "-1", TELEGRAM_API_BASE: tg.url }), OBSERVATORY_GATEWAY_PID_FILE: join(home, "missing.pid") };
    const report = await checkOnce({ env, procDir: fixedProc(home) });
    expect(report.findings.find((f) => f.id === "gateway_process")!.status).toBe("fail");
    expect(report.data.alerts.filter((a) => a.check === "gateway_process")).toEqual([]);
    expect(tg.calls.filter((c) => c.body.includes("gateway process"))).toEqual([]);
  });

  it("a corrupt payload aborts the migration naming the row id and leaves the DB byte for byte as it was", async () => {
    const home = testdir();
    const dbPath = join(home, "observatory.db");
    writeLegacyDb(dbPath, { end: END, days: 2, corruptId: 300 });
    const before = sha(dbPath);
    const err = await sloReport({ env: hostEnv(home) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "LEGACY_MIGRATION_FAILED", exitCode: 2, path: dbPath, message: "cannot migrate the older observatory DB: health_snapshots row id 300 has a payload that is not valid JSON; nothing was changed" });
    expect(sha(dbPath)).toBe(before);
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(0);
    expect(rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).toEqual([{ name: "alerts_sent" }, { name: "health_snapshots" }, { name: "sqlite_sequence" }]);
    expect(rows(db, "SELECT count(*) AS n FROM health_snapshots")).toEqual([{ n: 576 }]);
    db.close();
  });
});
