import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testdir } from "@wizard-council/kit/testing";
import { runBootstrap } from "../src/index.ts";
import { READY_STUBS, readyEnv, rejection, readyHome, stubPath, writeWithMode } from "./host.ts";

const byId = (report: Awaited<ReturnType<typeof runBootstrap>>, id: string) => {
  const f = report.findings.find((x) => x.id === id);
  if (!f) throw new Error(`no finding ${id} in ${report.findings.map((x) => x.id).join(", ")}`);
  return f;
};

describe("a host that meets the contract (offline)", () => {
  it("passes every check, skips the network ones, and is ready", async () => {
    const home = readyHome();
    const path = stubPath();
    const report = await runBootstrap({ hermesHome: home, env: readyEnv(path, { GITEA_URL: "http://127.0.0.1:9", GITEA_TOKEN: "gtok-123456", TELEGRAM_BOT_TOKEN: "123:abcdef" }), offline: true, now: new Date("2026-11-21T03:00:00Z") });
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([
      ["runtime:node", "ok"], ["runtime:python3", "ok"],
      ["binary:git", "ok"], ["binary:ssh", "ok"], ["binary:curl", "ok"], ["binary:rsync", "ok"],
      ["hermes_home", "ok"],
      ["secret_file:.env", "ok"], ["secret_file:gitea_token*", "ok"], ["secret_file:keystore.json", "ok"],
      ["hermes_agent", "ok"], ["llm_provider", "ok"], ["gitea_auth", "skip"], ["telegram_bot", "skip"], ["telegram_chat", "ok"],
    ]);
    expect(report.status).toBe("ok");
    expect(report.generatedAt).toBe("2026-11-21T03:00:00.000Z");
    expect(report.data).toMatchObject({ ready: true, problems: 0, offline: true, contract: { version: "1.0.0", source: "bundled" }, hermesHome: home, fixed: [] });
    expect(byId(report, "runtime:node").message).toBe(`22.11.0 at ${join(path, "node")}`);
    expect(byId(report, "runtime:python3").data).toEqual({ path: join(path, "python3"), version: "3.12.1", range: ">=3.11" });
    expect(byId(report, "gitea_auth").message).toBe("offline: http://127.0.0.1:9 not contacted");
  });
});

describe("runtimes and binaries (stub PATH)", () => {
  it.each([
    ["too old", { ...READY_STUBS, python3: 'echo "Python 3.10.12"' }, "fail", "python3 is 3.10.12, the contract needs >=3.11"],
    ["missing", { ...READY_STUBS, python3: undefined }, "fail", "python3 is not on PATH"],
    ["--version exits 3", { ...READY_STUBS, python3: "exit 3" }, "error", "--version failed: exit 3"],
    ["no version in output", { ...READY_STUBS, python3: 'echo "snake"' }, "error", "cannot read a version from"],
    ["hangs beyond the timeout", { ...READY_STUBS, python3: "exec /bin/sleep 30" }, "error", "--version failed: no answer within 2000 ms"],
  ])("python3 %s → %s", async (_name, stubs, status, message) => {
    const report = await runBootstrap({ hermesHome: readyHome(), env: readyEnv(stubPath(stubs)), offline: true, only: ["runtime:python3"], timeoutMs: 2000 });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ id: "runtime:python3", status });
    expect(report.findings[0]!.message).toContain(message);
    expect(report.findings[0]!.fix).toBeTruthy();
  });

  it("a missing required binary fails; a missing optional one only warns", async () => {
    const report = await runBootstrap({ hermesHome: readyHome(), env: readyEnv(stubPath({ ...READY_STUBS, ssh: undefined, rsync: undefined })), offline: true, only: ["binary:ssh", "binary:rsync"] });
    expect(report.findings.map((f) => [f.id, f.status, f.message])).toEqual([
      ["binary:ssh", "fail", "ssh is not on PATH"],
      ["binary:rsync", "warn", "optional: rsync is not on PATH"],
    ]);
    expect(report.data.problems).toBe(1);
  });

  it("a file on PATH without the execute bit is not a binary", async () => {
    const dir = stubPath({ ...READY_STUBS, git: undefined });
    writeWithMode(join(dir, "git"), "#!/bin/sh\n", 0o644);
    const report = await runBootstrap({ hermesHome: readyHome(), env: readyEnv(dir), offline: true, only: ["binary:git"] });
    expect(report.findings[0]).toMatchObject({ status: "fail", message: "git is not on PATH" });
  });
});

describe("hermes-agent install", () => {
  it.each([
    ["hermes on PATH", READY_STUBS, "ok", "command"],
    ["python can import hermes_constants", { ...READY_STUBS, hermes: undefined, python3: 'if [ "$1" = "-c" ] && [ "$2" = "import hermes_constants" ]; then exit 0; fi\necho "Python 3.12.1"' }, "ok", "module"],
    ["neither", { ...READY_STUBS, hermes: undefined }, "fail", "none"],
  ])("%s → %s", async (_name, stubs, status, via) => {
    const report = await runBootstrap({ hermesHome: readyHome(), env: readyEnv(stubPath(stubs)), offline: true, only: ["hermes_agent"] });
    expect(report.findings[0]).toMatchObject({ id: "hermes_agent", status, data: { via } });
  });
});

describe("HERMES_HOME", () => {
  it("a missing HERMES_HOME fails with the mkdir fix; --fix creates it and its folders with 0700", async () => {
    const home = join(testdir(), "hermes");
    const env = readyEnv(stubPath());
    const before = await runBootstrap({ hermesHome: home, env, offline: true, only: ["hermes_home"] });
    expect(before.findings[0]).toMatchObject({ status: "fail", message: `${home} does not exist`, fix: `mkdir -p -m 700 ${home} (or run wizard-bootstrap --fix)` });

    const after = await runBootstrap({ hermesHome: home, env, offline: true, only: ["hermes_home"], fix: true });
    expect(after.data.fixed.map((f) => [f.action, f.path, f.mode])).toEqual([
      ["mkdir", home, "0700"],
      ...["skills", "sessions", "logs", "memories"].map((d) => ["mkdir", join(home, d), "0700"]),
    ]);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, "logs")).mode & 0o777).toBe(0o700);
    // config.yaml is not a safe fix: it stays a manual step.
    expect(after.findings[0]).toMatchObject({ status: "fail", message: `${home} lacks config.yaml` });
    expect(after.data.manual).toEqual([{ id: "hermes_home", fix: `create ${join(home, "config.yaml")} (e.g. run hermes setup)` }]);
  });

  it("--fix on a complete home reports it fixed and ok", async () => {
    const home = readyHome();
    chmodSync(home, 0o700);
    const env = readyEnv(stubPath());
    const report = await runBootstrap({ hermesHome: join(home, "nested"), env: { ...env }, offline: true, only: ["hermes_home"], contractPath: contractFile('version: "1.0.0"\nhermes_home:\n  folders: [skills]\n'), fix: true });
    expect(report.findings[0]).toMatchObject({ status: "ok", message: `fixed: created ${join(home, "nested")}, ${join(home, "nested", "skills")}; ${join(home, "nested")} is a writable directory` });
  });

  it("a HERMES_HOME that is a file fails and --fix leaves it alone", async () => {
    const file = join(testdir(), "hermes");
    writeFileSync(file, "not a dir");
    const report = await runBootstrap({ hermesHome: file, env: readyEnv(stubPath()), offline: true, only: ["hermes_home"], fix: true });
    expect(report.findings[0]).toMatchObject({ status: "fail", message: `${file} is not a directory` });
    expect(report.data.fixed).toEqual([]);
    expect(statSync(file).isFile()).toBe(true);
  });

  it.skipIf(process.getuid?.() === 0)("a read-only HERMES_HOME is not writable (non-root only: root writes through 0500)", async () => {
    const home = readyHome();
    chmodSync(home, 0o500);
    const report = await runBootstrap({ hermesHome: home, env: readyEnv(stubPath()), offline: true, only: ["hermes_home"] });
    chmodSync(home, 0o700);
    expect(report.findings[0]).toMatchObject({ status: "fail", message: `${home} is not writable (EACCES)` });
  });

  it.runIf(process.platform === "linux")("a directory where even root cannot create files (/proc/self) is not writable", async () => {
    const report = await runBootstrap({ hermesHome: "/proc/self", env: readyEnv(stubPath()), offline: true, only: ["hermes_home"], fix: true });
    expect(report.findings[0]).toMatchObject({ status: "fail", message: "/proc/self is not writable (ENOENT)" });
    expect(report.data.fixed).toEqual([]);
  });

  it("the writability probe leaves no file behind", async () => {
    const home = readyHome();
    await runBootstrap({ hermesHome: home, env: readyEnv(stubPath()), offline: true, only: ["hermes_home"] });
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(home).sort()).toEqual(["config.yaml", "logs", "memories", "sessions", "skills"]);
  });
});

describe("secret files (real modes)", () => {
  it("644 files fail with the chmod 600 fix naming each; 600 files pass", async () => {
    const home = readyHome();
    writeWithMode(join(home, ".env"), "OPENAI_API_KEY=sk-xyz-000000\n", 0o644);
    writeWithMode(join(home, "gitea_token"), "tok\n", 0o600);
    writeWithMode(join(home, "gitea_token.old"), "tok\n", 0o640);
    writeWithMode(join(home, "keystore.json"), "{}", 0o600);
    const report = await runBootstrap({ hermesHome: home, env: readyEnv(stubPath()), offline: true, only: ["secret_file:.env", "secret_file:gitea_token*", "secret_file:keystore.json"] });
    expect(report.findings.map((f) => [f.id, f.status, f.message, f.fix])).toEqual([
      ["secret_file:.env", "fail", `readable by group/other: ${join(home, ".env")} (0644)`, `chmod 600 ${join(home, ".env")}`],
      ["secret_file:gitea_token*", "fail", `readable by group/other: ${join(home, "gitea_token.old")} (0640)`, `chmod 600 ${join(home, "gitea_token.old")}`],
      ["secret_file:keystore.json", "ok", "1 file(s), mode 0600 or stricter", undefined],
    ]);
    expect(report.status).toBe("fail");
  });

  it("a group-writable (not readable) secret only warns", async () => {
    const home = readyHome();
    writeWithMode(join(home, "keystore.json"), "{}", 0o620);
    const report = await runBootstrap({ hermesHome: home, env: readyEnv(stubPath()), offline: true, only: ["secret_file:keystore.json"] });
    expect(report.findings[0]).toMatchObject({ status: "warn", fix: `chmod 600 ${join(home, "keystore.json")}` });
  });

  it("--fix chmods them to 600, reports what changed, and the finding becomes ok", async () => {
    const home = readyHome();
    writeWithMode(join(home, ".env"), "OPENAI_API_KEY=sk-xyz-000000\n", 0o644);
    writeWithMode(join(home, "keystore.json"), "{}", 0o604);
    const report = await runBootstrap({ hermesHome: home, env: readyEnv(stubPath()), offline: true, fix: true, only: ["secret_file:.env", "secret_file:keystore.json"] });
    expect(statSync(join(home, ".env")).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, "keystore.json")).mode & 0o777).toBe(0o600);
    expect(report.findings.map((f) => [f.status, f.message])).toEqual([
      ["ok", `fixed: chmod 600 ${join(home, ".env")}`],
      ["ok", `fixed: chmod 600 ${join(home, "keystore.json")}`],
    ]);
    expect(report.data.fixed).toEqual([
      { id: "secret_file:.env", action: "chmod", path: join(home, ".env"), mode: "0600" },
      { id: "secret_file:keystore.json", action: "chmod", path: join(home, "keystore.json"), mode: "0600" },
    ]);
    expect(report.data.manual).toEqual([]);
  });

  it("a symlinked secret is judged by its target's mode but --fix never chmods through the link", async () => {
    const home = readyHome();
    const shared = join(testdir(), "shared.env");
    writeWithMode(shared, "OPENAI_API_KEY=sk-xyz-000000\n", 0o644);
    symlinkSync(shared, join(home, ".env"));
    const report = await runBootstrap({ hermesHome: home, env: readyEnv(stubPath()), offline: true, fix: true, only: ["secret_file:.env"] });
    expect(report.findings[0]).toMatchObject({ status: "fail", fix: `chmod 600 ${join(home, ".env")}` });
    expect(report.data.fixed).toEqual([]);
    expect(statSync(shared).mode & 0o777).toBe(0o644);
  });

  it("checks what a custom contract lists, in subfolders too", async () => {
    const home = readyHome();
    mkdirSync(join(home, "wallets"));
    writeWithMode(join(home, "wallets", "main.key"), "k", 0o644);
    const contractPath = contractFile('version: "1.0.0"\nsecret_files: ["wallets/*.key"]\n');
    const report = await runBootstrap({ hermesHome: home, env: readyEnv(stubPath()), contractPath, offline: true });
    expect(report.findings.map((f) => [f.id, f.status, f.fix])).toEqual([
      ["hermes_home", "ok", undefined],
      ["secret_file:wallets/*.key", "fail", `chmod 600 ${join(home, "wallets", "main.key")}`],
    ]);
  });
});

describe("LLM provider key and Telegram chat id", () => {
  it.each([
    ["from the environment", { ANTHROPIC_API_KEY: "sk-ant-000000" }, "", "ok", "ANTHROPIC_API_KEY (from environment)"],
    ["from $HERMES_HOME/.env", {}, "NOUS_API_KEY=nous-000000\n", "ok", "NOUS_API_KEY (from <home>/.env)"],
    ["an empty value does not count", { OPENAI_API_KEY: "" }, "", "fail", "none of OPENROUTER_API_KEY, ANTHROPIC_API_KEY, OPENAI_API_KEY, NOUS_API_KEY, GOOGLE_API_KEY, DEEPSEEK_API_KEY is set"],
  ])("llm_provider %s → %s", async (_name, env, dotenv, status, message) => {
    const home = readyHome(dotenv);
    const report = await runBootstrap({ hermesHome: home, env: { PATH: "/nonexistent", ...env }, only: ["llm_provider"] });
    expect(report.findings[0]).toMatchObject({ status, message: message.replace("<home>", home) });
  });

  it("a .env that is a directory makes the env-reading checks errors, the others still run", async () => {
    const home = readyHome();
    mkdirSync(join(home, ".env"));
    const report = await runBootstrap({ hermesHome: home, env: readyEnv(stubPath()), offline: true, only: ["llm_provider", "telegram_chat", "binary:git"] });
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([["binary:git", "ok"], ["llm_provider", "error"], ["telegram_chat", "error"]]);
    expect(report.findings[1]!.message).toBe("check failed: env file is a directory, expected a file");
    expect(report.findings[1]!.data).toEqual({ reason: "exception", code: "INVALID_ENV_FILE" });
  });

  it.each([
    ["TELEGRAM_CHAT_ID", { TELEGRAM_CHAT_ID: "-1001234567890" }, "ok"],
    ["TELEGRAM_HOME_CHANNEL", { TELEGRAM_HOME_CHANNEL: "@wizard_home" }, "ok"],
    ["OBSERVATORY_ALERT_CHAT_ID", { OBSERVATORY_ALERT_CHAT_ID: "987654" }, "ok"],
    ["TELEGRAM_CHAT_ID", { TELEGRAM_CHAT_ID: "my chat", TELEGRAM_HOME_CHANNEL: "123" }, "warn"],
  ])("telegram_chat reads %s → %s", async (name, env, status) => {
    const report = await runBootstrap({ hermesHome: readyHome(), env: { PATH: "/nonexistent", ...env }, only: ["telegram_chat"] });
    expect(report.findings[0]).toMatchObject({ status, data: { variable: name, source: "env" } });
  });

  it("no chat id at all fails", async () => {
    const report = await runBootstrap({ hermesHome: readyHome(), env: { PATH: "/nonexistent" }, only: ["telegram_chat"] });
    expect(report.findings[0]).toMatchObject({ status: "fail", message: "none of TELEGRAM_CHAT_ID, TELEGRAM_HOME_CHANNEL, OBSERVATORY_ALERT_CHAT_ID is set" });
  });
});

describe("--only", () => {
  it("an unknown id is UNKNOWN_CHECK listing the valid ids", async () => {
    const err = await rejection(runBootstrap({ hermesHome: readyHome(), env: {}, only: ["binary:git", "gitea"] }));
    expect(err.code).toBe("UNKNOWN_CHECK");
    expect(err.message).toMatch(/^unknown check id "gitea" in --only; valid ids: runtime:node, runtime:python3, binary:git, .*, telegram_chat$/);
  });
});

function contractFile(text: string): string {
  const path = join(testdir(), "contract.yaml");
  writeFileSync(path, text);
  return path;
}
