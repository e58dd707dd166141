import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, parseSingleReport, runBin } from "../testing/index.ts";

// runTool is exercised the way users meet it: a real built CLI spawned as a process.
let dir: string;
let cli: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "wc-run-"));
  cli = join(dir, "demo.mjs");
  buildSync({ entryPoints: [fileURLToPath(new URL("./fixtures/demo-cli.ts", import.meta.url))], bundle: true, platform: "node", format: "esm", outfile: cli, logLevel: "silent" });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("runTool", () => {
  it("prints exactly one JSON line when stdout is a pipe, exit 0", async () => {
    const r = await runBin(cli, ["hello", "ada", "--loud", "--times", "3"]);
    expect(r.code).toBe(0);
    expect(parseSingleReport(r.stdout).findings[0].title).toBe("hello ada! x3");
    expect(r.stderr).toBe("");
  });

  it("keeps flags given before the subcommand", async () => {
    const r = await runBin(cli, ["--loud", "hello"]);
    expect(parseSingleReport(r.stdout).findings[0].title).toBe("hello world!");
  });

  it("a failing report exits 1", async () => {
    const r = await runBin(cli, ["broken"]);
    expect([r.code, parseSingleReport(r.stdout).status]).toEqual([1, "fail"]);
  });

  it("--format text prints the human view without ANSI under NO_COLOR", async () => {
    const r = await runBin(cli, ["hello", "--format", "text"]);
    expect(r.stdout).toBe("✓ hello world\n\ndemo: ok · 1 ok\n");
  });

  it("a command's own JSON text is printed as is, and parsed back for the text view", async () => {
    const json = await runBin(cli, ["prebuilt"]);
    expect(json.code).toBe(1);
    expect(parseSingleReport(json.stdout).findings.map((f: { title: string }) => f.title)).toEqual(["from the serialized report"]);
    const text = await runBin(cli, ["prebuilt", "--format", "text"]);
    expect([text.code, text.stdout]).toEqual([1, "✗ from the serialized report\n\ndemo: fail · 1 fail\n"]);
  });

  it.each([
    [["hello", "--bogus"], "UNKNOWN_FLAG", "demo: unknown flag --bogus"],
    [["hello", "a", "b"], "UNEXPECTED_ARGUMENT", 'demo: unexpected argument "b"'],
    [["hello", "--times"], "MISSING_VALUE", "demo: flag --times needs a value"],
    [["nope"], "UNKNOWN_COMMAND", 'demo: unknown command "nope"'],
    [[], "USAGE", "demo: no command given"],
    [["hello", "--format", "xml"], "INVALID_ARGUMENT", "demo: --format must be one of json, text"],
  ])("%j is exit 2 with one error line, usage on stderr and an error envelope", async (args, code, line) => {
    const r = await runBin(cli, args);
    expect(r.code).toBe(2);
    const report = parseSingleReport(r.stdout);
    expect(report.error.code).toBe(code);
    expect(r.stderr.trim().split("\n").pop()).toContain(line);
    expect(r.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });

  it("ToolError → one stderr line naming the path; 75 for temporary failures", async () => {
    const corrupt = await runBin(cli, ["corrupt"]);
    expect([corrupt.code, corrupt.stderr]).toEqual([2, "demo: state file is not valid JSON (/tmp/s.json)\n"]);
    expect(parseSingleReport(corrupt.stdout).error).toEqual({ code: "CORRUPT_STATE", message: "state file is not valid JSON", path: "/tmp/s.json" });
    const busy = await runBin(cli, ["busy"]);
    expect([busy.code, parseSingleReport(busy.stdout).error.code]).toEqual([75, "LOCK_TIMEOUT"]);
  });

  it("an unexpected error is exit 2 without a stack unless --debug", async () => {
    const r = await runBin(cli, ["bug"]);
    expect([r.code, r.stderr]).toEqual([2, "demo: unexpected error: boom  (run with --debug for the stack)\n"]);
    const d = await runBin(cli, ["bug", "--debug"]);
    expect(d.stderr).toMatch(/Error: boom[\s\S]*at /);
  });

  it("--help goes to stdout with exit 0; --version prints the version", async () => {
    const help = await runBin(cli, ["hello", "--help"]);
    expect([help.code, help.stdout.includes("USAGE"), help.stdout.includes("--loud")]).toEqual([0, true, true]);
    const version = await runBin(cli, ["--version"]);
    expect([version.code, version.stdout]).toEqual([0, "1.2.3\n"]);
  });

  it("scrubs secret values from stdout and stderr, from the env and from $HERMES_HOME/.env", async () => {
    const home = mkdtempSync(join(tmpdir(), "wc-run-home-"));
    try {
      writeFileSync(join(home, ".env"), "TELEGRAM_BOT_TOKEN=canary-dotenv-secret\n");
      const env = cleanEnv({ GITEA_TOKEN: "canary-env-secret", HERMES_HOME: home });
      const leak = await runBin(cli, ["leak"], { env });
      const bug = await runBin(cli, ["bug", "--debug"], { env });
      const all = leak.stdout + leak.stderr + bug.stdout + bug.stderr;
      expect(all).not.toContain("canary-env-secret");
      expect(parseSingleReport(leak.stdout).findings[0].title).toBe("token is ***");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("a closed stdout (| head -c 1) ends quietly: no EPIPE trace, exit 0", () => {
    // --norc: Debian bash sources ~/.bashrc when stdin is a socket, as Node's pipes are.
    const r = spawnSync("bash", ["--norc", "-c", `set -o pipefail; node ${cli} hello | head -c 1 >/dev/null; echo "rc=\${PIPESTATUS[0]}" >&2`], { encoding: "utf8", env: cleanEnv() });
    expect(r.stderr).toBe("rc=0\n");
  });
});
