import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closeAfterTest, refusedPort, reply, startServer, startSilentServer, testdir, type LoopbackServer } from "@wizard-council/kit/testing";
import { checkGateway } from "../src/checks/gateway.ts";
import { probeHttp } from "../src/checks/http-probe.ts";
import { checkResponseStore } from "../src/checks/databases.ts";
import { checkDisk, checkMemory, checkCpu } from "../src/checks/resources.ts";
import { checkOnce } from "../src/check.ts";
import { fixedProc, hostEnv } from "./_host.ts";

async function serve(handler: Parameters<typeof startServer>[0]): Promise<LoopbackServer> {
  return closeAfterTest(await startServer(handler));
}

describe("HTTP probes against loopback servers", () => {
  it("200 is ok with a latency", async () => {
    const s = await serve((_req, res) => reply(res, 200, { status: "ok" }));
    const r = await probeHttp(`${s.url}/health`, 2000, 2000);
    expect(r.status).toBe("ok");
    expect(r.value).toBeGreaterThan(0);
    expect(r.message).toMatch(new RegExp(`^${s.url}/health answered HTTP 200 in [\\d.]+ ms$`));
    expect(s.requests.map((q) => q.url)).toEqual(["/health"]);
  });

  it("503 is fail \"returned HTTP 503\" with no latency", async () => {
    const s = await serve((_req, res) => reply(res, 503, "down"));
    expect(await probeHttp(`${s.url}/health`, 2000, 2000)).toEqual({ status: "fail", message: `${s.url}/health returned HTTP 503`, value: null, unit: "ms" });
  });

  it("a slow answer over the latency SLO is warn", async () => {
    const s = await serve((_req, res) => void setTimeout(() => reply(res, 200, "ok"), 150));
    const r = await probeHttp(`${s.url}/health`, 50, 5000);
    expect(r.status).toBe("warn");
    expect(r.value).toBeGreaterThanOrEqual(150);
    expect(r.message).toContain("(over the 50 ms SLO)");
  });

  it("no answer within the timeout is error", async () => {
    const s = await startSilentServer();
    closeAfterTest(s);
    expect(await probeHttp(`${s.url}/health`, 2000, 200)).toEqual({ status: "error", message: `${s.url}/health: no answer within 200 ms (${s.url})`, value: null, unit: "ms" });
  });

  it("refused is warn \"not started\" with no latency", async () => {
    const port = await refusedPort();
    expect(await probeHttp(`http://127.0.0.1:${port}/health`, 2000, 2000)).toEqual({ status: "warn", message: `http://127.0.0.1:${port}/health not started (connection refused)`, value: null, unit: "ms" });
  });
});

describe("gateway_process with a real child process", () => {
  it("is ok while the pid is alive, fail once it is killed, error on garbage, fail without a pid file", async () => {
    const dir = testdir();
    const pidFile = join(dir, "gateway.pid");
    expect(checkGateway(pidFile)).toEqual({ status: "fail", message: `not running (no pid file at ${pidFile})`, value: null, unit: null });
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      writeFileSync(pidFile, `${child.pid}\n`);
      expect(checkGateway(pidFile)).toEqual({ status: "ok", message: `running (pid ${child.pid})`, value: child.pid, unit: "pid" });
      child.kill("SIGKILL");
      await once(child, "exit");
      expect(checkGateway(pidFile)).toEqual({ status: "fail", message: `not running (pid ${child.pid} from ${pidFile} is gone)`, value: child.pid, unit: "pid" });
    } finally {
      child.kill("SIGKILL");
    }
    writeFileSync(pidFile, "not-a-pid");
    expect(checkGateway(pidFile)).toEqual({ status: "error", message: `pid file ${pidFile} holds no pid`, value: null, unit: null });
  });
});

describe("resource and database checks", () => {
  it("reads disk, memory and CPU from the real host", async () => {
    const t = { warn: 100, crit: 100 };
    const disk = checkDisk(join(testdir(), "not", "yet"), t);
    expect(disk.unit).toBe("%");
    expect(disk.value).toBeGreaterThanOrEqual(0);
    expect(disk.value).toBeLessThanOrEqual(100);
    const mem = checkMemory(t);
    expect(mem.value).toBeGreaterThan(0);
    const cpu = await checkCpu({ warn: 101, crit: 101 }, 30);
    expect(cpu.status).toBe("ok");
    expect(cpu.message).toMatch(/^CPU busy over 30 ms [\d.]+%$/);
  });

  it("memory without MemAvailable is error naming the file", () => {
    const f = join(testdir(), "meminfo");
    writeFileSync(f, "MemTotal: 100 kB\n");
    expect(checkMemory({ warn: 80, crit: 90 }, f)).toEqual({ status: "error", message: `${f} has no MemTotal/MemAvailable`, value: null, unit: "%" });
  });

  it("response_store_db: skip when absent, counts responses, error when not SQLite", async () => {
    const dir = testdir();
    const path = join(dir, "response_store.db");
    expect((await checkResponseStore(path)).status).toBe("skip");
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(path);
    db.exec("CREATE TABLE responses (id TEXT PRIMARY KEY, body TEXT); INSERT INTO responses VALUES ('a', '{}'), ('b', '{}'), ('c', '{}');");
    db.close();
    expect(await checkResponseStore(path)).toEqual({ status: "ok", message: "response store opens (3 responses)", value: 3, unit: "responses" });
    writeFileSync(path, "this is not a database, just text that is long enough to have a header".repeat(20));
    const bad = await checkResponseStore(path);
    expect(bad.status).toBe("error");
    expect(bad.message).toContain(`response store ${path} does not open`);
  });
});

describe("checkOnce", () => {
  it("stores a snapshot of all eight checks; database warns on the first run and is ok after", async () => {
    const home = testdir();
    const api = await serve((_req, res) => reply(res, 200, "ok"));
    const env = hostEnv(home, { OBSERVATORY_API_URL: `${api.url}/health`, OBSERVATORY_WEBHOOK_URL: `http://127.0.0.1:${await refusedPort()}/health` });
    const first = await checkOnce({ env });
    expect(first.findings.map((f) => f.id)).toEqual(["gateway_process", "api_server_http", "webhook_http", "disk", "memory", "cpu", "database", "response_store_db"]);
    const byId = Object.fromEntries(first.findings.map((f) => [f.id, f]));
    expect(byId.gateway_process!.status).toBe("ok");
    expect(byId.api_server_http!.status).toBe("ok");
    expect(byId.webhook_http!.status).toBe("warn");
    expect(byId.database).toMatchObject({ status: "warn", message: "observatory DB not created yet (created by this run)" });
    expect(byId.response_store_db!.status).toBe("skip");
    expect(first.data.alerting).toEqual({ status: "skip", message: "alerts skipped: TELEGRAM_BOT_TOKEN and OBSERVATORY_ALERT_CHAT_ID are not both set", sent: 0, failed: 0, pending: 0 });
    const second = await checkOnce({ env });
    expect(second.findings.find((f) => f.id === "database")).toMatchObject({ status: "ok", message: "observatory DB answers (1 snapshots)" });
  });
});

describe("runChecks", () => {
  it("turns a check that throws into an error result and still returns all eight", async () => {
    const { runChecks } = await import("../src/snapshot.ts");
    const { loadConfig } = await import("../src/config.ts");
    const home = testdir();
    const config = { ...(await loadConfig({ env: hostEnv(home, { OBSERVATORY_PROC_DIR: join(home, "no-proc") }) })), apiUrl: "http://127.0.0.1:9/", webhookUrl: "http://127.0.0.1:9/" };
    const snap = await runChecks({ config, dbExisted: true, countSnapshots: () => { throw new Error("disk I/O error"); } }, () => new Date("2026-11-20T00:00:00Z"));
    expect(snap.ts).toBe("2026-11-20T00:00:00.000Z");
    expect(snap.checks.map((c) => c.id)).toEqual(["gateway_process", "api_server_http", "webhook_http", "disk", "memory", "cpu", "database", "response_store_db"]);
    expect(snap.checks.find((c) => c.id === "memory")).toEqual({ id: "memory", status: "error", message: `check failed: ENOENT: no such file or directory, open '${join(home, "no-proc", "meminfo")}'`, value: null, unit: null });
    expect(snap.checks.find((c) => c.id === "database")).toEqual({ id: "database", status: "error", message: "observatory DB does not answer: disk I/O error", value: null, unit: null });
    expect(snap.status).toBe("error");
  });
});

describe("retention", () => {
  it("each stored snapshot prunes rows older than OBSERVATORY_RETENTION_DAYS, keeping pending alerts (which then expire)", async () => {
    const { insertSnapshot, openStore } = await import("../src/store.ts");
    const home = testdir();
    const env = hostEnv(home, { OBSERVATORY_RETENTION_DAYS: "2", OBSERVATORY_API_URL: "http://127.0.0.1:9/", OBSERVATORY_WEBHOOK_URL: "http://127.0.0.1:9/" });
    const store = (await openStore(join(home, "observatory.db"), { create: true }))!;
    const day = 86_400_000;
    for (const ageDays of [5, 3, 1]) {
      insertSnapshot(store, { ts: new Date(Date.now() - ageDays * day).toISOString(), status: "ok", checks: [{ id: "disk", status: "ok", message: "", value: 1, unit: "%" }] }, 365);
    }
    store.db.prepare("INSERT INTO alerts (ts, check_id, kind, status, message, delivery) VALUES (?, 'disk', 'alert', 'fail', 'old', ?)").run(Date.now() - 5 * day, "pending");
    store.db.prepare("INSERT INTO alerts (ts, check_id, kind, status, message, delivery) VALUES (?, 'disk', 'alert', 'fail', 'old', ?)").run(Date.now() - 5 * day, "sent");
    store.close();
    await checkOnce({ env });
    const again = (await openStore(join(home, "observatory.db"), { create: false }))!;
    const ages = (again.db.prepare("SELECT ts FROM snapshots ORDER BY ts").pluck().all() as number[]).map((ts) => Math.round((Date.now() - ts) / day));
    expect(ages).toEqual([1, 0]);
    expect(again.db.prepare("SELECT count(*) FROM check_results WHERE ts < ?").pluck().get(Date.now() - 2 * day)).toBe(0);
    // The sent one was pruned; the pending one survived pruning, then expired (over a day old) instead of being sent.
    expect(again.db.prepare("SELECT delivery FROM alerts WHERE message = 'old'").pluck().all()).toEqual(["expired"]);
    again.close();
  });
});

describe("runDaemon (in-process)", () => {
  it("a stop request during a snapshot lets it finish and be stored, then closes the DB", async () => {
    const { runDaemon } = await import("../src/daemon.ts");
    const home = testdir();
    const controller = new AbortController();
    // The webhook asks the daemon to stop while the first snapshot is still waiting for it.
    const hook = await serve((_req, res) => {
      controller.abort();
      setTimeout(() => reply(res, 200, "ok"), 200);
    });
    const env = hostEnv(home, { OBSERVATORY_WEBHOOK_URL: `${hook.url}/health`, OBSERVATORY_API_URL: `${hook.url}/health`, OBSERVATORY_PROC_DIR: fixedProc(home) });
    const report = await runDaemon({ env, intervalS: 60, signal: controller.signal });
    expect(report.data).toMatchObject({ snapshots: 1, alertsQueued: 0, intervalS: 60, cycleErrors: [] });
    expect(report.findings.find((f) => f.id === "webhook_http")!.status).toBe("ok");
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(join(home, "observatory.db"), { readonly: true });
    expect(db.prepare("SELECT count(*) FROM snapshots").pluck().get()).toBe(1);
    db.close();
  });
});
