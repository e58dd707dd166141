import { statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { closeAfterTest, cleanEnv, parseSingleReport, reply, runBin, startServer, startTelegramStub, testdir } from "@wizard-council/kit/testing";
import { readyEnv, readyHome, stubPath, writeWithMode } from "./host.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "dist", "cli.js");
const schema = join(root, "schema", "report.schema.json");


/** Runs the built bin on a host: everything by flag or env, nothing from the real HOME. */
function run(args: string[], env: NodeJS.ProcessEnv) {
  return runBin(bin, args, { env: cleanEnv({ HOME: testdir({ prefix: "wb-fakehome-" }), ...env }) });
}

describe("wizard-bootstrap (built bin)", () => {
  it("a ready host, online against loopback Gitea and Telegram: exit 0, a valid report", async () => {
    const gitea = await startServer((_req, res) => reply(res, 200, { login: "merlin" }));
    const tg = await startTelegramStub();
    closeAfterTest(gitea, tg);
    const home = readyHome();
    const env = readyEnv(stubPath(), { GITEA_URL: gitea.url, GITEA_TOKEN: "gtok-abcdef-1", TELEGRAM_BOT_TOKEN: "123:tg-token-abc", TELEGRAM_API_BASE: tg.url });
    const r = await run(["--hermes-home", home], env);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const report = parseSingleReport(r.stdout, schema);
    expect(report.status).toBe("ok");
    expect(report.summary).toEqual({ ok: 15, warn: 0, fail: 0, error: 0, skip: 0 });
    expect(report.findings.find((f: { id: string }) => f.id === "gitea_auth").message).toBe(`authenticated as merlin at ${gitea.url}`);
    expect(report.data).toMatchObject({ ready: true, problems: 0, hermesHome: home, contract: { version: "1.0.0", source: "bundled" } });
  });

  it("a host that is not ready: exit 1 and the checklist with ✓ ✗ ! − and 'N problems'", async () => {
    const home = readyHome();
    writeWithMode(join(home, ".env"), "OPENROUTER_API_KEY=sk-or-000000\n", 0o644);
    const env = readyEnv(stubPath({ node: 'echo "v22.11.0"', python3: 'echo "Python 3.12.1"', git: "exit 0", ssh: "exit 0", curl: "exit 0", hermes: "exit 0" }), { GITEA_URL: "http://127.0.0.1:9", GITEA_TOKEN: "gtok-abcdef-1" });
    const r = await run(["--hermes-home", home, "--offline", "--format", "text"], env);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`wizard-bootstrap · contract 1.0.0 · HERMES_HOME ${home} · offline`);
    expect(lines).toContain("✓ node >=20 — 22.11.0 at " + join(env.PATH!, "node"));
    expect(lines).toContain("! rsync on PATH — optional: rsync is not on PATH");
    expect(lines).toContain(`✗ .env private (0600) — readable by group/other: ${join(home, ".env")} (0644)`);
    expect(lines).toContain(`    fix: chmod 600 ${join(home, ".env")}`);
    expect(lines).toContain("− Gitea token — offline: http://127.0.0.1:9 not contacted");
    expect(lines).toContain("✗ Telegram bot token — TELEGRAM_BOT_TOKEN is not set");
    expect(lines.at(-2)).toBe("2 problems (1 warning)");
  });

  it("the human view of a ready host closes with 'ready'", async () => {
    const r = await run(["--hermes-home", readyHome(), "--offline", "--format", "text", "--only", "binary:git,hermes_home"], readyEnv(stubPath()));
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("ready");
  });

  it("--list prints the check ids in data.checks and runs nothing", async () => {
    const r = await run(["--list"], { PATH: "/nonexistent" });
    expect(r.code).toBe(0);
    const report = parseSingleReport(r.stdout, schema);
    expect(report.findings).toEqual([]);
    expect(report.data.contract).toEqual({ version: "1.0.0", source: "bundled" });
    expect(report.data.checks.map((c: { id: string }) => c.id)).toEqual([
      "runtime:node", "runtime:python3", "binary:git", "binary:ssh", "binary:curl", "binary:rsync", "hermes_home",
      "secret_file:.env", "secret_file:gitea_token*", "secret_file:keystore.json", "hermes_agent", "llm_provider", "gitea_auth", "telegram_bot", "telegram_chat",
    ]);
    expect(report.data.checks.find((c: { id: string }) => c.id === "gitea_auth")).toEqual({ id: "gitea_auth", title: "Gitea token", required: true, network: true });
  });

  it("--list as text: one id per line with its title, optional and network checks marked", async () => {
    const r = await run(["--list", "--format", "text"], { PATH: "/nonexistent" });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("contract 1.0.0 (bundled)");
    expect(lines).toContain("binary:rsync               rsync on PATH (optional)");
    expect(lines).toContain("gitea_auth                 Gitea token (network)");
    expect(lines).toContain("secret_file:gitea_token*   gitea_token* private (0600)");
  });

  it("--help goes to stdout, exits 0 and documents every flag", async () => {
    const r = await run(["--help"], { PATH: "/nonexistent" });
    expect(r.code).toBe(0);
    for (const flag of ["--contract", "--offline", "--only", "--list", "--fix", "--timeout", "--deadline", "--hermes-home", "--json", "--format"]) expect(r.stdout).toContain(flag);
  });

  it("--fix chmods a readable .env to 600, creates missing folders, and reports it", async () => {
    const home = readyHome();
    writeWithMode(join(home, ".env"), "OPENROUTER_API_KEY=sk-or-000000\n", 0o644);
    const r = await run(["--hermes-home", join(home), "--fix", "--offline", "--only", "secret_file:.env,hermes_home"], readyEnv(stubPath()));
    expect(r.code).toBe(0);
    const report = parseSingleReport(r.stdout, schema);
    expect(statSync(join(home, ".env")).mode & 0o777).toBe(0o600);
    expect(report.data.fixed).toEqual([{ id: "secret_file:.env", action: "chmod", path: join(home, ".env"), mode: "0600" }]);
    expect(report.findings.find((f: { id: string }) => f.id === "secret_file:.env").message).toBe(`fixed: chmod 600 ${join(home, ".env")}`);
  });

  it("HERMES_HOME comes from the env when no flag is given", async () => {
    const home = readyHome();
    const r = await run(["--offline", "--only", "hermes_home"], { PATH: "/nonexistent", HERMES_HOME: home });
    expect(parseSingleReport(r.stdout, schema).data.hermesHome).toBe(home);
  });
});

describe("usage and contract errors: exit 2, one stderr line, an error envelope", () => {
  it.each([
    ["an unknown --only id", ["--only", "binary:git,gitea"], {}, "UNKNOWN_CHECK", /^wizard-bootstrap: unknown check id "gitea" in --only; valid ids: runtime:node, .*, telegram_chat$/],
    ["a bad --timeout", ["--timeout", "soon"], {}, "INVALID_ARGUMENT", /^wizard-bootstrap: --timeout must be a whole number, got "soon"$/],
    ["a zero --deadline", ["--deadline", "0"], {}, "INVALID_ARGUMENT", /^wizard-bootstrap: --deadline must be at least 1, got 0$/],
    ["a missing --contract file", ["--contract", "/nonexistent/contract.yaml"], {}, "INVALID_CONTRACT", /^wizard-bootstrap: environment contract \/nonexistent\/contract.yaml: no such file$/],
  ])("%s", async (_name, args, env, code, line) => {
    const r = await run(["--json", "--hermes-home", readyHome(), ...args], { PATH: "/nonexistent", ...env });
    expect(r.code).toBe(2);
    const report = parseSingleReport(r.stdout, schema);
    expect(report.error.code).toBe(code);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(line);
  });

  it("a malformed contract, by flag or by WIZARD_ENVIRONMENT_CONTRACT, names its line", async () => {
    const path = join(testdir(), "contract.yaml");
    writeFileSync(path, 'version: "1.0.0"\nruntimes:\n  - name: python3\n    range: ">=three"\n');
    for (const [args, env] of [[["--contract", path], {}], [[], { WIZARD_ENVIRONMENT_CONTRACT: path }]] as const) {
      const r = await run(["--json", "--hermes-home", readyHome(), ...args], { PATH: "/nonexistent", ...env });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`wizard-bootstrap: ${path} line 4: runtimes[0].range must be a semver range (e.g. ">=3.11"), got ">=three"\n`);
      expect(parseSingleReport(r.stdout, schema).error).toEqual({ code: "INVALID_CONTRACT", message: `${path} line 4: runtimes[0].range must be a semver range (e.g. ">=3.11"), got ">=three"`, path });
    }
  });

  it("an unknown flag is an error, not ignored", async () => {
    const r = await run(["--json", "--offlin"], { PATH: "/nonexistent" });
    expect(r.code).toBe(2);
    expect(parseSingleReport(r.stdout, schema).error.code).toBe("UNKNOWN_FLAG");
    expect(r.stderr).toContain("wizard-bootstrap: unknown flag --offlin");
  });
});
