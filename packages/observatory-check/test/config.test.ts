import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testdir } from "@wizard-council/kit/testing";
import { loadConfig, resolveDbPath } from "../src/config.ts";

describe("loadConfig", () => {
  it("has the spec's defaults", async () => {
    const home = testdir();
    const c = await loadConfig({ env: { HERMES_HOME: home } });
    expect(c).toMatchObject({
      hermesHome: home, dbPath: join(home, "observatory.db"), pidFile: join(home, "gateway.pid"),
      apiUrl: "http://127.0.0.1:8642/health", webhookUrl: "http://127.0.0.1:8080/health",
      disk: { warn: 80, crit: 90 }, memory: { warn: 80, crit: 90 }, cpu: { warn: 80, crit: 95 }, cpuSampleMs: 500,
      webhookLatencySloMs: 2000, apiLatencySloMs: 2000, gatewayUptimeSloPct: 99.5, alertAfter: 1, retentionDays: 30, pollIntervalS: 60,
      telegram: {},
    });
  });

  it("reads observatory.yaml and $HERMES_HOME/.env; the environment wins over both", async () => {
    const home = testdir();
    writeFileSync(join(home, "observatory.yaml"), "OBSERVATORY_DISK_WARN_PCT: 70\nOBSERVATORY_DISK_CRIT_PCT: 85\nOBSERVATORY_ALERT_AFTER: 3\nOBSERVATORY_ALERT_CHAT_ID: '-42'\n");
    writeFileSync(join(home, ".env"), "OBSERVATORY_ALERT_AFTER=4\nTELEGRAM_BOT_TOKEN=123:from-dotenv\n");
    const c = await loadConfig({ env: { HERMES_HOME: home, OBSERVATORY_DISK_CRIT_PCT: "95" } });
    expect(c.disk).toEqual({ warn: 70, crit: 95 });
    expect(c.alertAfter).toBe(4);
    expect(c.telegram).toEqual({ token: "123:from-dotenv", alertChatId: "-42", digestChatId: "-42" });
  });

  it.each([
    [{ OBSERVATORY_DISK_WARN_PCT: "abc" }, 'OBSERVATORY_DISK_WARN_PCT must be a number, got "abc"', "OBSERVATORY_DISK_WARN_PCT"],
    [{ OBSERVATORY_MEM_WARN_PCT: "95" }, "OBSERVATORY_MEM_WARN_PCT (95) must not be above OBSERVATORY_MEM_CRIT_PCT (90)", "OBSERVATORY_MEM_WARN_PCT"],
    [{ OBSERVATORY_CPU_CRIT_PCT: "150" }, "OBSERVATORY_CPU_CRIT_PCT must be at most 100, got 150", "OBSERVATORY_CPU_CRIT_PCT"],
    [{ OBSERVATORY_ALERT_AFTER: "1.5" }, 'OBSERVATORY_ALERT_AFTER must be a whole number, got "1.5"', "OBSERVATORY_ALERT_AFTER"],
    [{ OBSERVATORY_ALERT_AFTER: "0" }, "OBSERVATORY_ALERT_AFTER must be at least 1, got 0", "OBSERVATORY_ALERT_AFTER"],
    [{ OBSERVATORY_POLL_INTERVAL: "soon" }, 'OBSERVATORY_POLL_INTERVAL must be a number, got "soon"', "OBSERVATORY_POLL_INTERVAL"],
    [{ OBSERVATORY_WEBHOOK_URL: "localhost:8080" }, "OBSERVATORY_WEBHOOK_URL must be an http(s) URL", "OBSERVATORY_WEBHOOK_URL"],
    [{ OBSERVATORY_GATEWAY_UPTIME_SLO_PCT: "101" }, "OBSERVATORY_GATEWAY_UPTIME_SLO_PCT must be at most 100, got 101", "OBSERVATORY_GATEWAY_UPTIME_SLO_PCT"],
  ])("rejects %o naming the variable", async (vars, message, path) => {
    const err = await loadConfig({ env: { HERMES_HOME: testdir(), ...vars } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ message, path, exitCode: 2 });
  });

  it.each([
    ["OBSERVATORY_DISK_WARN_PCT: lots\n", "must be a number", "OBSERVATORY_DISK_WARN_PCT (in "],
    ["OBSERVATORY_DISK_WARN_PCTX: 5\n", "unknown key OBSERVATORY_DISK_WARN_PCTX", "unknown key"],
    ["- a\n- b\n", "config file must be a mapping of OBSERVATORY_* keys to values", "mapping"],
    ["a: [\n", "config file is not valid YAML", "YAML"],
  ])("rejects observatory.yaml %j naming the file or key", async (text, fragment) => {
    const home = testdir();
    writeFileSync(join(home, "observatory.yaml"), text);
    const err = (await loadConfig({ env: { HERMES_HOME: home } }).catch((e: unknown) => e)) as { message: string; path: string; exitCode: number };
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(fragment);
    expect(`${err.message} ${err.path}`).toMatch(/observatory\.yaml|OBSERVATORY_DISK_WARN_PCTX/);
  });
});

describe("resolveDbPath", () => {
  it.each([
    [{ db: "/x/flag.db", env: { OBSERVATORY_DB_PATH: "/x/env.db", HERMES_HOME: "/h" } }, "/x/flag.db"],
    [{ env: { OBSERVATORY_DB_PATH: "/x/env.db", HERMES_HOME: "/h" } }, "/x/env.db"],
    [{ env: { HERMES_HOME: "/h" } }, "/h/observatory.db"],
    [{ hermesHome: "/flag-home", env: { HERMES_HOME: "/h" } }, "/flag-home/observatory.db"],
  ])("%o → %s", (opts, path) => {
    expect(resolveDbPath(opts)).toBe(path);
  });
});
