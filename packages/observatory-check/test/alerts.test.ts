import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closeAfterTest, reply, startServer, startTelegramStub, testdir } from "@wizard-council/kit/testing";
import { checkOnce } from "../src/check.ts";
import { digestReport } from "../src/digest.ts";
import { openStore } from "../src/store.ts";
import { fixedProc, hostEnv, rows } from "./_host.ts";

const TOKEN = "987654:alert-test-token";

/** A webhook whose answer the test flips, a Telegram stub, and the env pointing at both. */
async function flappingHost(script?: Parameters<typeof startTelegramStub>[0], extra: NodeJS.ProcessEnv = {}) {
  const home = testdir();
  let code = 200;
  const hook = closeAfterTest(await startServer((_req, res) => reply(res, code, "x")));
  const tg = closeAfterTest(await startTelegramStub(script));
  const env = hostEnv(home, { OBSERVATORY_API_URL: `${hook.url}/api`, OBSERVATORY_WEBHOOK_URL: `${hook.url}/health`, TELEGRAM_BOT_TOKEN: TOKEN, OBSERVATORY_ALERT_CHAT_ID: "-100", TELEGRAM_API_BASE: tg.url, ...extra });
  const times: number[] = [];
  let t = Date.parse("2026-11-20T10:00:00Z");
  const cycle = async (status: number, opts: { sleep?: (ms: number) => Promise<void>; env?: NodeJS.ProcessEnv } = {}) => {
    code = status;
    t += 60_000;
    times.push(t);
    const now = new Date(t);
    return checkOnce({ env, host: "wiz", procDir: fixedProc(home), now: () => now, ...opts });
  };
  const sent = () => tg.calls.filter((c) => c.method === "sendMessage").map((c) => JSON.parse(c.body) as { chat_id: string; text: string; parse_mode: string });
  return { home, env, tg, cycle, sent, hook };
}

describe("alerting", () => {
  it("alerts once after OBSERVATORY_ALERT_AFTER bad snapshots and recovers once with the outage duration", async () => {
    const h = await flappingHost(undefined, { OBSERVATORY_ALERT_AFTER: "2" });
    const kinds: string[][] = [];
    for (const code of [200, 503, 503, 503, 503, 200, 200]) kinds.push((await h.cycle(code)).data.alerts.map((a) => `${a.check}:${a.kind}`));
    expect(kinds).toEqual([[], [], ["api_server_http:alert", "webhook_http:alert"], [], [], ["api_server_http:recovery", "webhook_http:recovery"], []]);
    const texts = h.sent().map((m) => m.text);
    expect(texts).toEqual([
      `<b>wiz</b> · 🔴 <b>API server health endpoint</b> is <b>fail</b>: ${h.hook.url}/api returned HTTP 503`,
      `<b>wiz</b> · 🔴 <b>webhook health endpoint</b> is <b>fail</b>: ${h.hook.url}/health returned HTTP 503`,
      expect.stringMatching(/^<b>wiz<\/b> · ✅ <b>API server health endpoint<\/b> recovered after 4m 0s down: .* answered HTTP 200 in [\d.]+ ms$/),
      expect.stringMatching(/^<b>wiz<\/b> · ✅ <b>webhook health endpoint<\/b> recovered after 4m 0s down: /),
    ]);
    expect(h.sent().every((m) => m.chat_id === "-100" && m.parse_mode === "HTML")).toBe(true);
  });

  it("does not re-alert across separate runs (state lives in the DB, as with a restarted daemon or cron)", async () => {
    const h = await flappingHost();
    await h.cycle(503);
    await h.cycle(503);
    await h.cycle(503);
    expect(h.sent().length).toBe(2);
    const store = (await openStore(join(h.home, "observatory.db"), { create: false }))!;
    expect(rows(store.db, "SELECT check_id, status, bad_count, alerted FROM alert_state WHERE check_id = 'webhook_http'")).toEqual([{ check_id: "webhook_http", status: "fail", bad_count: 3, alerted: 1 }]);
    store.close();
  });

  it("honours 429 retry_after through the injected sleep and delivers on the same snapshot", async () => {
    const h = await flappingHost((method, n) => (method === "sendMessage" && n === 1 ? { status: 429, body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } } } : undefined));
    const slept: number[] = [];
    const r = await h.cycle(503, { sleep: async (ms) => void slept.push(ms) });
    expect(slept).toEqual([7000]);
    expect(r.data.alerting).toEqual({ status: "ok", message: "2 alert(s) sent", sent: 2, failed: 0, pending: 0 });
    expect(h.sent().length).toBe(3);
  });

  it("records a rejected send and keeps the token out of the report and the DB", async () => {
    const h = await flappingHost((method) => (method === "sendMessage" ? { status: 401, body: { ok: false, error_code: 401, description: `Unauthorized for bot${TOKEN}` } } : undefined));
    const r = await h.cycle(503);
    expect(r.data.alerting).toMatchObject({ status: "warn", sent: 0, failed: 1, pending: 2 });
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    expect(r.data.alerting.message).toBe("alert delivery failed (Telegram sendMessage: token rejected (HTTP 401: Unauthorized for bot***)); 2 pending, retried on the next snapshot");
    // The store is closed after each run, so the WAL has been checkpointed into the main file.
    const dbBytes = readFileSync(join(h.home, "observatory.db")).toString("latin1");
    expect(dbBytes).not.toContain(TOKEN);
    expect(dbBytes).toContain("Unauthorized for bot***");
  });

  it("an alert left pending for over a day expires instead of blocking newer ones", async () => {
    const h = await flappingHost();
    await h.cycle(200);
    const store = (await openStore(join(h.home, "observatory.db"), { create: false }))!;
    store.db.prepare("INSERT INTO alerts (ts, check_id, kind, status, message, delivery, attempts) VALUES (?, 'disk', 'alert', 'fail', 'stale', 'pending', 3)").run(Date.parse("2026-11-18T10:00:00Z"));
    store.db.prepare("INSERT INTO alerts (ts, check_id, kind, status, message, delivery, attempts) VALUES (?, 'cpu', 'alert', 'fail', 'hopeless', 'pending', 30)").run(Date.parse("2026-11-20T10:00:00Z"));
    store.close();
    const r = await h.cycle(503);
    expect(r.data.alerting).toMatchObject({ status: "ok", sent: 2, pending: 0 });
    expect(h.sent().map((m) => m.text).some((t) => t.includes("stale") || t.includes("hopeless"))).toBe(false);
    const after = (await openStore(join(h.home, "observatory.db"), { create: false }))!;
    expect(rows(after.db, "SELECT message, delivery FROM alerts WHERE check_id IN ('disk', 'cpu') ORDER BY id")).toEqual([{ message: "stale", delivery: "expired" }, { message: "hopeless", delivery: "expired" }]);
    after.close();
  });

  it("two processes delivering at once (cron check overlapping the daemon) send each alert exactly once", async () => {
    const { deliverPending } = await import("../src/notify.ts");
    const { loadConfig } = await import("../src/config.ts");
    const h = await flappingHost();
    await h.cycle(200);
    const config = await loadConfig({ env: h.env });
    const a = (await openStore(join(h.home, "observatory.db"), { create: false }))!;
    const b = (await openStore(join(h.home, "observatory.db"), { create: false }))!;
    const insert = a.db.prepare("INSERT INTO alerts (ts, check_id, kind, status, message, delivery) VALUES (?, ?, 'alert', 'fail', ?, 'pending')");
    const now = Date.parse("2026-11-20T10:02:00Z");
    for (let i = 0; i < 6; i++) insert.run(now, `check_${i}`, `m${i}`);
    const [ra, rb] = await Promise.all([deliverPending(a.db, config, { host: "h" }, now), deliverPending(b.db, config, { host: "h" }, now)]);
    expect(ra.sent + rb.sent).toBe(6);
    expect(h.sent().map((m) => m.text).sort()).toEqual(["m0", "m1", "m2", "m3", "m4", "m5"].map((m) => `<b>h</b> · ${m}`));
    expect(rows(a.db, "SELECT delivery, count(*) AS n FROM alerts GROUP BY delivery")).toEqual([{ delivery: "sent", n: 6 }]);
    a.close();
    b.close();
  });

  it("without a token alerts are skipped, recorded as skipped, and never sent later", async () => {
    const h = await flappingHost();
    const skipped = await h.cycle(503, { env: { ...h.env, TELEGRAM_BOT_TOKEN: "" } });
    expect(skipped.data.alerts.map((a) => `${a.check}:${a.kind}`)).toEqual(["api_server_http:alert", "webhook_http:alert"]);
    expect(skipped.data.alerting).toEqual({ status: "skip", message: "alerts skipped: TELEGRAM_BOT_TOKEN and OBSERVATORY_ALERT_CHAT_ID are not both set", sent: 0, failed: 0, pending: 0 });
    await h.cycle(503);
    await h.cycle(200);
    // Configured again: the outage is not re-announced, only the recoveries go out.
    expect(h.sent().map((m) => (m.text.includes("🔴") ? "alert" : "recovery"))).toEqual(["recovery", "recovery"]);
    const store = (await openStore(join(h.home, "observatory.db"), { create: false }))!;
    expect(rows(store.db, "SELECT delivery, count(*) AS n FROM alerts GROUP BY delivery ORDER BY delivery")).toEqual([{ delivery: "sent", n: 2 }, { delivery: "skipped", n: 2 }]);
    store.close();
  });

  it("escapes dynamic text in alerts (a pid file path with HTML in it)", async () => {
    const h = await flappingHost(undefined, {});
    const pidFile = join(h.home, "<gw>&co.pid");
    await checkOnce({ env: { ...h.env, OBSERVATORY_GATEWAY_PID_FILE: pidFile }, host: "a<b", procDir: fixedProc(h.home) });
    const gw = h.sent().map((m) => m.text).find((t) => t.includes("gateway process"));
    expect(gw).toBe(`<b>a&lt;b</b> · 🔴 <b>gateway process</b> is <b>fail</b>: not running (no pid file at ${join(h.home, "&lt;gw&gt;&amp;co.pid")})`);
  });

  it("digest --send posts the digest to the digest chat; without a chat it is a skip finding", async () => {
    const h = await flappingHost(undefined, { OBSERVATORY_DIGEST_CHAT_ID: "-555" });
    await h.cycle(503);
    await h.cycle(200);
    const now = new Date(Date.parse("2026-11-20T10:05:00Z"));
    const r = await digestReport({ env: h.env, send: true, now, host: "wiz" });
    expect(r.findings).toEqual([{ id: "digest_delivery", title: "digest sent to Telegram", status: "ok", message: "sent" }]);
    const msg = h.sent().at(-1)!;
    expect(msg.chat_id).toBe("-555");
    expect(msg.text).toBe(r.data.text);
    expect(r.data.text.split("\n").slice(0, 3)).toEqual(["📊 <b>wiz</b> observatory digest, last 24 h", "2 snapshots, 50% healthy (ok 1 · warn 0 · fail 1 · error 0)", "degraded: api_server_http 1, database 1, webhook_http 1"]);
    expect(r.data.digest.alerts.map((a) => `${a.check}:${a.kind}`)).toEqual(["api_server_http:alert", "webhook_http:alert", "api_server_http:recovery", "webhook_http:recovery"]);
    const skipped = await digestReport({ env: { ...h.env, TELEGRAM_BOT_TOKEN: "" }, send: true, now });
    expect(skipped.findings[0]).toMatchObject({ status: "skip" });
    await h.tg.close();
    const failed = await digestReport({ env: h.env, send: true, now });
    expect(failed.findings[0]).toMatchObject({ id: "digest_delivery", status: "warn", message: expect.stringMatching(/^not sent: Telegram sendMessage: connection (refused|reset) \(http:\/\/127\.0\.0\.1:\d+\)$/) });
    expect(failed.status).toBe("warn");
  });
});
