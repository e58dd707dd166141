// One named test per defect of the older Python observatory (issue 5); each fails on that behaviour.
import { describe, expect, it } from "vitest";
import { closeAfterTest, refusedPort, reply, startServer, startTelegramStub, testdir } from "@wizard-council/kit/testing";
import { checkOnce } from "../src/check.ts";
import { digestReport } from "../src/digest.ts";
import { sloReport } from "../src/slo.ts";
import { insertSnapshot, openStore } from "../src/store.ts";
import type { Snapshot } from "../src/snapshot.ts";
import { fixedProc, hostEnv, rows } from "./_host.ts";


describe("defects of the older observatory", () => {
  it("defect 1: a refused connection is never a latency sample; the latency SLO counts only successful probes and reports failures separately", async () => {
    const home = testdir();
    const webhook = closeAfterTest(await startServer((_req, res) => reply(res, 200, "ok")));
    const api = `http://127.0.0.1:${await refusedPort()}/health`;
    const env = hostEnv(home, { OBSERVATORY_API_URL: api, OBSERVATORY_WEBHOOK_URL: `${webhook.url}/health` });
    for (let i = 0; i < 3; i++) await checkOnce({ env });
    await webhook.close();
    for (let i = 0; i < 2; i++) await checkOnce({ env });

    const store = (await openStore(`${home}/observatory.db`, { create: false }))!;
    const stored = rows<{ check_id: string; status: string; value: number | null }>(store.db, "SELECT check_id, status, value FROM check_results WHERE check_id IN ('api_server_http', 'webhook_http') ORDER BY ts, check_id");
    store.close();
    expect(stored.filter((r) => r.check_id === "api_server_http").map((r) => [r.status, r.value])).toEqual(Array(5).fill(["warn", null]));
    expect(stored.filter((r) => r.check_id === "webhook_http").map((r) => r.value === null)).toEqual([false, false, false, true, true]);

    const slo = await sloReport({ env });
    const api95 = slo.data.slos.find((s) => s.id === "api_server_latency_ms")!;
    expect(api95).toMatchObject({ actual: null, met: false, samples: 0, failures: 5 });
    expect(slo.findings.find((f) => f.id === "api_server_latency_ms")).toMatchObject({ status: "fail", message: "no successful probe in the window (5 failed); target 2000 ms" });
    const web95 = slo.data.slos.find((s) => s.id === "webhook_latency_ms")!;
    expect(web95).toMatchObject({ met: true, samples: 3, failures: 2 });
    expect(slo.findings.find((f) => f.id === "webhook_latency_ms")!.status).toBe("warn");
    expect(slo.status).toBe("fail");
  });

  it("defect 2: a real HTTP 503 is a fail \"returned HTTP 503\", not a probe error", async () => {
    const home = testdir();
    const api = closeAfterTest(await startServer((_req, res) => reply(res, 503, { error: "overloaded" })));
    const env = hostEnv(home, { OBSERVATORY_API_URL: `${api.url}/health`, OBSERVATORY_WEBHOOK_URL: `http://127.0.0.1:${await refusedPort()}/health` });
    const report = await checkOnce({ env });
    expect(report.findings.find((f) => f.id === "api_server_http")).toMatchObject({ status: "fail", message: `${api.url}/health returned HTTP 503` });
    expect(report.status).toBe("fail");
    expect(report.data.snapshot.status).toBe("fail");
  });

  it("defect 3: an alert whose Telegram send failed is kept pending and retried on the next snapshot", async () => {
    const home = testdir();
    const tg = closeAfterTest(await startTelegramStub((method, n) => (method === "sendMessage" && n === 1 ? { status: 500, body: { ok: false, error_code: 500, description: "Internal Server Error" } } : undefined)));
    const api = closeAfterTest(await startServer((_req, res) => reply(res, 503, "down")));
    const env = hostEnv(home, { OBSERVATORY_API_URL: `${api.url}/health`, OBSERVATORY_WEBHOOK_URL: `${api.url}/health`, TELEGRAM_BOT_TOKEN: "123456:secret-token-value", OBSERVATORY_ALERT_CHAT_ID: "-100", TELEGRAM_API_BASE: tg.url });
    const first = await checkOnce({ env, host: "wiz-1", procDir: fixedProc(home) });
    expect(first.data.alerts.map((a) => a.check).sort()).toEqual(["api_server_http", "webhook_http"]);
    expect(first.data.alerting).toMatchObject({ status: "warn", sent: 0, failed: 1, pending: 2 });
    expect(first.data.alerting.message).toBe("alert delivery failed (Telegram sendMessage: HTTP 500: Internal Server Error); 2 pending, retried on the next snapshot");

    const second = await checkOnce({ env, host: "wiz-1", procDir: fixedProc(home) });
    expect(second.data.alerts).toEqual([]);
    expect(second.data.alerting).toMatchObject({ status: "ok", sent: 2, failed: 0, pending: 0 });
    const texts = tg.calls.filter((c) => c.method === "sendMessage").map((c) => JSON.parse(c.body).text as string);
    expect(texts).toEqual([
      `<b>wiz-1</b> · 🔴 <b>API server health endpoint</b> is <b>fail</b>: ${api.url}/health returned HTTP 503`,
      `<b>wiz-1</b> · 🔴 <b>API server health endpoint</b> is <b>fail</b>: ${api.url}/health returned HTTP 503`,
      `<b>wiz-1</b> · 🔴 <b>webhook health endpoint</b> is <b>fail</b>: ${api.url}/health returned HTTP 503`,
    ]);
    const store = (await openStore(`${home}/observatory.db`, { create: false }))!;
    expect(rows(store.db, "SELECT check_id, delivery, attempts FROM alerts ORDER BY id")).toEqual([
      { check_id: "api_server_http", delivery: "sent", attempts: 2 },
      { check_id: "webhook_http", delivery: "sent", attempts: 1 },
    ]);
    store.close();
  });

  it("defect 4: every SLO is computed and evaluated, including the API server latency", async () => {
    const home = testdir();
    const env = hostEnv(home);
    const store = (await openStore(`${home}/observatory.db`, { create: true }))!;
    const now = Date.parse("2026-11-20T12:00:00Z");
    for (let i = 0; i < 20; i++) {
      const snap: Snapshot = { ts: new Date(now - (20 - i) * 60_000).toISOString(), status: "ok", checks: [
        { id: "gateway_process", status: i === 0 ? "fail" : "ok", message: "", value: 1, unit: "pid" },
        { id: "api_server_http", status: "ok", message: "", value: (i + 1) * 100, unit: "ms" },
        { id: "webhook_http", status: "ok", message: "", value: i + 1, unit: "ms" },
      ] };
      insertSnapshot(store, snap, 30);
    }
    store.close();
    const report = await sloReport({ env, now: new Date(now) });
    expect(report.data.slos).toEqual([
      { id: "gateway_uptime_pct", description: "share of snapshots with the gateway process running", target: 99.5, unit: "%", actual: 95, met: false, samples: 20, failures: 1 },
      { id: "webhook_latency_ms", description: "p95 latency of successful webhook health probes", target: 2000, unit: "ms", actual: 19, met: true, samples: 20, failures: 0 },
      { id: "api_server_latency_ms", description: "p95 latency of successful API server health probes", target: 2000, unit: "ms", actual: 1900, met: true, samples: 20, failures: 0 },
    ]);
    const tight = await sloReport({ env: { ...env, OBSERVATORY_API_LATENCY_SLO_MS: "1500" }, now: new Date(now) });
    expect(tight.data.slos[2]).toMatchObject({ id: "api_server_latency_ms", target: 1500, actual: 1900, met: false });
  });

  it("defect 5: slo and digest use per-check rows through indexes and never decode snapshot JSON", async () => {
    const home = testdir();
    const env = hostEnv(home);
    const store = (await openStore(`${home}/observatory.db`, { create: true }))!;
    const now = Date.parse("2026-11-20T12:00:00Z");
    for (let i = 0; i < 10; i++) {
      insertSnapshot(store, { ts: new Date(now - i * 60_000).toISOString(), status: "ok", checks: [
        { id: "gateway_process", status: "ok", message: "", value: 1, unit: "pid" },
        { id: "webhook_http", status: "ok", message: "", value: 10, unit: "ms" },
      ] }, 30);
    }
    expect(rows(store.db, "SELECT count(*) AS n FROM check_results")).toEqual([{ n: 20 }]);
    const plan = (sql: string) => rows<{ detail: string }>(store.db, `EXPLAIN QUERY PLAN ${sql}`, "webhook_http", 0, now).map((r) => r.detail).join("; ");
    expect(plan("SELECT value FROM check_results WHERE check_id = ? AND ts > ? AND ts <= ? AND value IS NOT NULL")).toBe("SEARCH check_results USING PRIMARY KEY (check_id=? AND ts>? AND ts<?)");
    // The digest's counts: the few bad rows through a partial index; snapshot statuses from an index alone.
    expect(rows<{ detail: string }>(store.db, "EXPLAIN QUERY PLAN SELECT check_id, count(*) AS n FROM check_results WHERE ts > ? AND ts <= ? AND status IN ('warn', 'fail', 'error') GROUP BY check_id ORDER BY check_id", 0, now).map((r) => r.detail).join("; ")).toContain("USING COVERING INDEX check_results_degraded (ts>? AND ts<?)");
    expect(rows<{ detail: string }>(store.db, "EXPLAIN QUERY PLAN SELECT count(*) AS n, coalesce(sum(status = 'ok'), 0) AS ok FROM snapshots WHERE ts > ? AND ts <= ?", 0, now).map((r) => r.detail).join()).toContain("USING COVERING INDEX snapshots_ts_status (ts>? AND ts<?)");
    // Garbage payloads: any code path that decodes snapshot JSON for slo/digest would now throw.
    store.db.exec("UPDATE snapshots SET payload = 'not json {'");
    store.close();
    const slo = await sloReport({ env, now: new Date(now) });
    expect(slo.data.slos[1]).toMatchObject({ id: "webhook_latency_ms", actual: 10, samples: 10 });
    const digest = await digestReport({ env, now: new Date(now), hours: 1 });
    expect(digest.data.digest).toMatchObject({ samples: 10, byStatus: { ok: 10, warn: 0, fail: 0, error: 0 }, healthyPct: 100 });
  });
});
