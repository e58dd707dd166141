import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { closeAfterTest, cleanEnv, parseSingleReport, reply, runBin, startServer, startTelegramStub, testdir } from "@wizard-council/kit/testing";
import { fixedProc, hostEnv } from "./_host.ts";

const BIN = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const SCHEMA = fileURLToPath(new URL("../schema/report.schema.json", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

/** Polls until `fn` is true (bounded: fails the test after 30 s rather than hanging). */
async function until(what: string, fn: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startDaemon(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [BIN, "daemon", "--interval", "0.2"], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c));
  child.stderr!.on("data", (c: Buffer) => (stderr += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on("close", (code, signal) => r({ code, signal })));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function setup() {
  const home = testdir();
  let webhookStatus = 200;
  const hook = await startServer((_req, res) => reply(res, webhookStatus, "x"));
  const api = await startServer((_req, res) => reply(res, 200, "ok"));
  const tg = await startTelegramStub();
  closeAfterTest(hook, api, tg);
  const env = cleanEnv({
    ...hostEnv(home), OBSERVATORY_PROC_DIR: fixedProc(home),
    OBSERVATORY_WEBHOOK_URL: `${hook.url}/health`, OBSERVATORY_API_URL: `${api.url}/health`,
    TELEGRAM_BOT_TOKEN: "555555:daemon-token", OBSERVATORY_ALERT_CHAT_ID: "-7", TELEGRAM_API_BASE: tg.url,
  });
  const dbPath = join(home, "observatory.db");
  const count = (sql: string): number => {
    try {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: 5000 });
      try {
        return (db.prepare(sql).get() as { n: number }).n;
      } finally {
        db.close();
      }
    } catch {
      return 0; // not created yet
    }
  };
  const messages = () => tg.calls.filter((c) => c.method === "sendMessage").map((c) => JSON.parse(c.body).text as string).filter((t) => t.includes("webhook"));
  const allSent = () => tg.calls.filter((c) => c.method === "sendMessage").length;
  return { env, dbPath, count, messages, allSent, flip: (s: number) => void (webhookStatus = s) };
}

describe("daemon (built bin)", () => {
  it("alerts once and recovers once across a flap, keeps readers working, and stops cleanly on SIGTERM", async () => {
    const h = await setup();
    const d = startDaemon(h.env);
    await until("two snapshots", () => h.count("SELECT count(*) AS n FROM snapshots") >= 2);

    // Readers spawned again and again while the daemon writes: never "database is locked".
    let reading = true;
    const readerResults: { code: number | null; stderr: string }[] = [];
    const readers = (async () => {
      while (reading) readerResults.push(await runBin(BIN, ["slo"], { env: h.env }));
    })();

    h.flip(503);
    await until("the alert", () => h.messages().length >= 1);
    const atAlert = h.count("SELECT count(*) AS n FROM snapshots");
    await until("two more snapshots while down", () => h.count("SELECT count(*) AS n FROM snapshots") >= atAlert + 2);
    h.flip(200);
    await until("the recovery", () => h.messages().length >= 2);
    await until("two more snapshots after recovery", () => h.count("SELECT count(*) AS n FROM snapshots") >= atAlert + 5);
    await until("five readers to finish while the daemon writes", () => readerResults.length >= 5);
    reading = false;
    await readers;

    d.child.kill("SIGTERM");
    const { code, signal } = await d.exited;
    expect(d.err()).toBe("");
    expect(d.out()).not.toContain("daemon-token");
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    const report = parseSingleReport(d.out(), SCHEMA);
    expect(report.data.snapshots).toBe(h.count("SELECT count(*) AS n FROM snapshots"));
    expect(report.data.cycleErrors).toEqual([]);
    expect(report.data.alertsQueued).toBe(2);
    const texts = h.messages();
    expect(texts).toHaveLength(2);
    expect(h.allSent()).toBe(2);
    expect(texts[0]).toMatch(/🔴 <b>webhook health endpoint<\/b> is <b>fail<\/b>: http:\/\/127\.0\.0\.1:\d+\/health returned HTTP 503$/);
    expect(texts[1]).toMatch(/✅ <b>webhook health endpoint<\/b> recovered after \d+s down: /);
    expect(h.count("SELECT count(*) AS n FROM alerts WHERE check_id = 'webhook_http' AND delivery = 'sent'")).toBe(2);

    for (const r of readerResults) {
      expect(r.stderr).not.toMatch(/locked|busy/i);
      expect([0, 1]).toContain(r.code);
    }
  });

  it("does not re-alert after a restart while the check stays down", async () => {
    const h = await setup();
    h.flip(503);
    const first = startDaemon(h.env);
    await until("the alert", () => h.messages().length >= 1);
    first.child.kill("SIGTERM");
    expect((await first.exited).code).toBe(0);
    const before = h.count("SELECT count(*) AS n FROM snapshots");

    const second = startDaemon(h.env);
    await until("three snapshots after the restart", () => h.count("SELECT count(*) AS n FROM snapshots") >= before + 3);
    second.child.kill("SIGINT");
    expect((await second.exited).code).toBe(0);
    expect(parseSingleReport(second.out(), SCHEMA).data.alertsQueued).toBe(0);
    expect(h.messages()).toHaveLength(1);
  });
});
