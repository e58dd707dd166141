import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, parseSingleReport, refusedPort, reply, runBin, startServer, testdir, type LoopbackServer } from "@wizard-council/kit/testing";
import { fixedProc, hostEnv } from "./_host.ts";
import { writeLegacyDb } from "./_legacy.ts";

const BIN = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const SCHEMA = fileURLToPath(new URL("../schema/report.schema.json", import.meta.url));
let up: LoopbackServer;
let down: LoopbackServer;
beforeAll(async () => {
  up = await startServer((_req, res) => reply(res, 200, { ok: true }));
  down = await startServer((_req, res) => reply(res, 503, "unavailable"));
});
afterAll(async () => {
  await up.close();
  await down.close();
});

/** A clean environment for the built bin on a temp host whose checks are all healthy unless overridden. */
function binEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cleanEnv({ ...hostEnv(home), OBSERVATORY_PROC_DIR: fixedProc(home), OBSERVATORY_API_URL: `${up.url}/health`, OBSERVATORY_WEBHOOK_URL: `${up.url}/health`, ...extra });
}

describe("observatory-check (built bin)", () => {
  it("every path the checks read has a flag that wins over its env var (CONTRACT.md §4)", async () => {
    const home = testdir();
    const flagPid = join(home, "flag.pid");
    writeFileSync(flagPid, "999999999\n"); // no such process
    const envStore = join(home, "env-store.db");
    const flagStore = join(home, "flag-store.db");
    const env = binEnv(home, { OBSERVATORY_GATEWAY_PID_FILE: join(home, "gateway.pid"), OBSERVATORY_RESPONSE_STORE_PATH: envStore });
    const byEnv = parseSingleReport((await runBin(BIN, ["check"], { env })).stdout, SCHEMA);
    const byFlag = parseSingleReport((await runBin(BIN, ["check", "--pid-file", flagPid, "--response-store", flagStore], { env })).stdout, SCHEMA);
    const find = (r: Record<string, any>, id: string) => (r.findings as { id: string; status: string; message?: string }[]).find((f) => f.id === id)!;
    expect([find(byEnv, "gateway_process").status, find(byEnv, "response_store_db").message]).toEqual(["ok", `no response store at ${envStore}`]);
    expect(find(byFlag, "gateway_process")).toMatchObject({ status: "fail", message: `not running (pid 999999999 from ${flagPid} is gone)` });
    expect(find(byFlag, "response_store_db").message).toBe(`no response store at ${flagStore}`);
  });

  it("runs `check` by default: one JSON line, valid, exit 0 when healthy", async () => {
    const home = testdir();
    const r = await runBin(BIN, [], { env: binEnv(home) });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.findings.map((f: { id: string; status: string }) => `${f.id}:${f.status}`)).toEqual([
      "gateway_process:ok", "api_server_http:ok", "webhook_http:ok", "disk:ok", "memory:ok", "cpu:ok", "database:warn", "response_store_db:skip",
    ]);
    expect(report.data.snapshot.checks[4]).toEqual({ id: "memory", status: "ok", message: "memory used 25%", value: 25, unit: "%" });
    expect(existsSync(join(home, "observatory.db"))).toBe(true);
  });

  it("exits 1 on a 503 and accepts --db before any subcommand", async () => {
    const home = testdir();
    const db = join(home, "elsewhere", "obs.db");
    const r = await runBin(BIN, ["--db", db], { env: binEnv(home, { OBSERVATORY_WEBHOOK_URL: `${down.url}/health` }) });
    expect(r.code).toBe(1);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.findings[2]).toMatchObject({ id: "webhook_http", status: "fail", message: `${down.url}/health returned HTTP 503` });
    expect(existsSync(db)).toBe(true);
  });

  it("history, slo, digest, prune print valid reports over what check stored", async () => {
    const home = testdir();
    const env = binEnv(home, { OBSERVATORY_API_URL: `http://127.0.0.1:${await refusedPort()}/health` });
    for (let i = 0; i < 3; i++) expect((await runBin(BIN, ["check"], { env })).code).toBe(0);

    const hist = await runBin(BIN, ["history", "2"], { env });
    expect(hist.code).toBe(0);
    const h = parseSingleReport(hist.stdout, SCHEMA);
    expect(h.data.snapshots.length).toBe(2);
    expect(Date.parse(h.data.snapshots[0].ts)).toBeGreaterThan(Date.parse(h.data.snapshots[1].ts));

    const slo = await runBin(BIN, ["slo", "--days", "1"], { env });
    expect(slo.code).toBe(1);
    const s = parseSingleReport(slo.stdout, SCHEMA);
    expect(s.data.slos.map((x: { id: string; met: boolean; samples: number; failures: number }) => [x.id, x.met, x.samples, x.failures])).toEqual([
      ["gateway_uptime_pct", true, 3, 0], ["webhook_latency_ms", true, 3, 0], ["api_server_latency_ms", false, 0, 3],
    ]);

    const digest = await runBin(BIN, ["digest", "--hours", "1"], { env });
    expect(digest.code).toBe(0);
    const d = parseSingleReport(digest.stdout, SCHEMA);
    expect(d.data.digest).toMatchObject({ hours: 1, samples: 3, byStatus: { ok: 0, warn: 3, fail: 0, error: 0 }, healthyPct: 100, degraded: { api_server_http: 3, database: 1 } });

    const prune = await runBin(BIN, ["prune", "--days", "0"], { env });
    expect(prune.code).toBe(0);
    expect(parseSingleReport(prune.stdout, SCHEMA).data).toMatchObject({ days: 0, deleted: 3 });
    expect(parseSingleReport((await runBin(BIN, ["history"], { env })).stdout, SCHEMA).data.snapshots).toEqual([]);
  });

  it("metrics: exposition text on a pipe, the envelope with --json, an atomic file with --out", async () => {
    const home = testdir();
    const env = binEnv(home);
    await runBin(BIN, ["check"], { env });
    const piped = await runBin(BIN, ["metrics"], { env });
    expect(piped.code).toBe(0);
    const lines = piped.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual(["# HELP observatory_check_status Status of each check: 0 ok, 1 warn, 2 fail, 3 error, 4 skip.", "# TYPE observatory_check_status gauge", 'observatory_check_status{check="gateway_process"} 0']);
    expect(lines).toContain('observatory_check_value{check="memory",unit="%"} 25');
    expect(lines.filter((l) => l.startsWith("observatory_snapshot_timestamp_seconds "))).toHaveLength(1);
    expect((await runBin(BIN, ["metrics", "--format", "prom"], { env })).stdout).toBe(piped.stdout);

    const json = await runBin(BIN, ["metrics", "--json"], { env });
    expect(parseSingleReport(json.stdout, SCHEMA).data.text).toBe(piped.stdout);

    const out = join(home, "textfile", "observatory.prom");
    const written = await runBin(BIN, ["metrics", "--out", out], { env: { ...env } });
    expect(written.stderr).toBe(`observatory-check: cannot write the metrics file: ENOENT (${out})\n`);
    const missingDir = parseSingleReport(written.stdout);
    expect(missingDir.error).toMatchObject({ code: "WRITE_FAILED", path: out });
    expect(written.code).toBe(2);
    const okOut = join(home, "observatory.prom");
    const w2 = await runBin(BIN, ["metrics", "--out", okOut], { env });
    expect(w2.code).toBe(0);
    expect(parseSingleReport(w2.stdout, SCHEMA).data.out).toBe(okOut);
    expect(readFileSync(okOut, "utf8")).toBe(piped.stdout);
  });

  it.each([
    [{ OBSERVATORY_DISK_WARN_PCT: "abc" }, [], 'observatory-check: OBSERVATORY_DISK_WARN_PCT must be a number, got "abc"\n', "INVALID_ARGUMENT"],
    [{ OBSERVATORY_CPU_WARN_PCT: "99", OBSERVATORY_CPU_CRIT_PCT: "90" }, ["slo"], "observatory-check: OBSERVATORY_CPU_WARN_PCT (99) must not be above OBSERVATORY_CPU_CRIT_PCT (90)\n", "INVALID_CONFIG"],
    [{}, ["history", "many"], 'observatory-check: N (history count) must be a whole number, got "many"\n', "INVALID_ARGUMENT"],
    [{}, ["daemon", "--interval", "0"], "observatory-check: --interval must be at least 0.05, got 0\n", "INVALID_ARGUMENT"],
  ])("bad input %o %j is exit 2 with one stderr line and an error envelope", async (vars, args, stderr, code) => {
    const home = testdir();
    const r = await runBin(BIN, args, { env: binEnv(home, vars) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(stderr);
    expect(parseSingleReport(r.stdout, SCHEMA)).toMatchObject({ status: "error", error: { code } });
    expect(existsSync(join(home, "observatory.db"))).toBe(false);
  });

  it("an unknown flag is exit 2 with usage on stderr", async () => {
    const r = await runBin(BIN, ["slo", "--dayz", "3"], { env: binEnv(testdir()) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("observatory-check: unknown flag --dayz");
    expect(r.stderr).toContain("USAGE");
  });

  it("a legacy DB with a corrupt row is exit 2 naming the row id, DB untouched", async () => {
    const home = testdir();
    const dbPath = join(home, "observatory.db");
    writeLegacyDb(dbPath, { end: Date.parse("2026-11-20T12:00:00Z"), days: 1, corruptId: 7 });
    const before = readFileSync(dbPath);
    const r = await runBin(BIN, ["history"], { env: binEnv(home) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`observatory-check: cannot migrate the older observatory DB: health_snapshots row id 7 has a payload that is not valid JSON; nothing was changed (${dbPath})\n`);
    expect(parseSingleReport(r.stdout, SCHEMA).error).toEqual({ code: "LEGACY_MIGRATION_FAILED", message: "cannot migrate the older observatory DB: health_snapshots row id 7 has a payload that is not valid JSON; nothing was changed", path: dbPath });
    expect(readFileSync(dbPath).equals(before)).toBe(true);
  });

  it("a file that is not SQLite is exit 2 CORRUPT_DB and is left in place", async () => {
    const home = testdir();
    const dbPath = join(home, "observatory.db");
    const junk = "not a database ".repeat(100);
    writeFileSync(dbPath, junk);
    const r = await runBin(BIN, ["slo"], { env: binEnv(home) });
    expect(r.code).toBe(2);
    expect(parseSingleReport(r.stdout, SCHEMA).error).toMatchObject({ code: "CORRUPT_DB", path: dbPath });
    expect(readFileSync(dbPath, "utf8")).toBe(junk);

    // `check` still runs the other seven checks and reports the DB as the database check's error.
    const check = await runBin(BIN, ["check"], { env: binEnv(home) });
    expect(check.code).toBe(1);
    const report = parseSingleReport(check.stdout, SCHEMA);
    expect(report.findings.find((f: { id: string }) => f.id === "database")).toEqual({ id: "database", status: "error", title: "observatory database", message: "observatory DB does not answer: the observatory DB is not a valid SQLite database; left in place", data: { value: null, unit: null } });
    expect(report.findings.filter((f: { status: string }) => f.status === "ok").length).toBe(6);
    expect(report.data.alerting.status).toBe("skip");
    expect(readFileSync(dbPath, "utf8")).toBe(junk);
  });
});

describe("terminal views (--format text, NO_COLOR)", () => {
  it("check, history, digest and prune print readable text, not JSON", async () => {
    const home = testdir();
    const env = binEnv(home, { OBSERVATORY_API_URL: `${down.url}/health` });
    const check = await runBin(BIN, ["check", "--format", "text"], { env });
    expect(check.code).toBe(1);
    const lines = check.stdout.split("\n");
    expect(lines[0]).toMatch(/^✓ gateway process — running \(pid \d+\)$/);
    expect(lines[1]).toBe(`✗ API server health endpoint — ${down.url}/health returned HTTP 503`);
    expect(lines.at(-3)).toBe("observatory-check: fail · 5 ok · 1 warn · 1 fail · 1 skip");
    expect(lines.at(-2)).toBe("alerts: skip — alerts skipped: TELEGRAM_BOT_TOKEN and OBSERVATORY_ALERT_CHAT_ID are not both set (queued: api_server_http alert)");

    const history = await runBin(BIN, ["history", "--format", "text"], { env });
    expect(history.stdout).toMatch(/^✗ \d{4}-\d\d-\d\dT[\d:.]+Z {2}fail {2}api_server_http=fail database=warn\n$/);

    const digest = await runBin(BIN, ["digest", "--format", "text"], { env });
    expect(digest.stdout.split("\n").slice(1, 6)).toEqual([
      "1 snapshots, 0% healthy (ok 0 · warn 0 · fail 1 · error 0)",
      "degraded: api_server_http 1, database 1",
      "✅ gateway_uptime_pct: 100% (target 99.5%)",
      expect.stringMatching(/^✅ webhook_latency_ms: [\d.]+ ms \(target 2000 ms\)$/),
      "❌ api_server_latency_ms: no successful probe (target 2000 ms, 1 failed probes)",
    ]);

    const prune = await runBin(BIN, ["prune", "--format", "text"], { env });
    expect(prune.stdout).toMatch(/^✓ deleted 0 snapshot\(s\) older than 30 day\(s\) \(before \d{4}-[\d-]+T[\d:.]+Z\)\n$/);
  });
});
