import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, refusedPort, reply, runBin, startServer, startSilentServer, testdir, type LoopbackServer } from "@wizard-council/kit/testing";
import { runBootstrap } from "../src/index.ts";
import { readyHome, stubPath, writeWithMode } from "./host.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "dist", "cli.js");
const CANARY = `canary${randomUUID().replace(/-/g, "")}`;
const PROVIDER_KEYS = ["OPENROUTER_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "NOUS_API_KEY", "GOOGLE_API_KEY", "DEEPSEEK_API_KEY"];

/** Servers that leak whatever they are sent: the Authorization header (Gitea) or the URL with the token (Telegram). */
const echo = (status: number, shape: "json" | "garbage") => (req: { url: string; headers: Record<string, unknown> }) => {
  const leak = `${String(req.headers.authorization ?? "")} ${req.url}`;
  return shape === "json" ? { status, body: { ok: status === 200, login: leak, description: leak, message: leak, result: { id: 1, username: leak } } } : { status, body: `<html>${leak}</html>` };
};

const servers: Record<string, string> = {};
const open: LoopbackServer[] = [];
beforeAll(async () => {
  const variants: [string, number, "json" | "garbage"][] = [["echo200", 200, "json"], ["echo401", 401, "json"], ["echo403", 403, "json"], ["echo500", 500, "json"], ["garbage200", 200, "garbage"], ["garbage500", 500, "garbage"]];
  for (const [name, status, shape] of variants) {
    const s = await startServer((req, res) => {
      const a = echo(status, shape)(req);
      reply(res, a.status, a.body);
    });
    open.push(s);
    servers[name] = s.url;
  }
  const silent = await startSilentServer();
  open.push(silent);
  servers.silent = silent.url;
  servers.refused = `http://127.0.0.1:${await refusedPort()}`;
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

/** A host whose every secret is the canary: env tokens, every provider key, the token files and .env (readable, so --fix paths run too). */
function canaryHost(tokenInEnv: boolean) {
  const home = readyHome();
  writeWithMode(join(home, ".env"), `${PROVIDER_KEYS.map((k) => `${k}=${CANARY}`).join("\n")}\nTELEGRAM_BOT_TOKEN=${CANARY}\n`, 0o644);
  writeWithMode(join(home, "gitea_token"), `${CANARY}\n`, 0o644);
  writeWithMode(join(home, "gitea_token.bak"), CANARY, 0o640);
  writeWithMode(join(home, "keystore.json"), JSON.stringify({ key: CANARY }), 0o644);
  const planted = new Set([".env", "gitea_token", "gitea_token.bak", "keystore.json"]);
  const env: NodeJS.ProcessEnv = { TELEGRAM_BOT_TOKEN: CANARY, TELEGRAM_CHAT_ID: "-100123", ...Object.fromEntries(PROVIDER_KEYS.map((k) => [k, CANARY])) };
  if (tokenInEnv) env.GITEA_TOKEN = CANARY;
  return { home, env, planted };
}

/** Every file under a directory except the planted ones must be free of the canary. */
function assertNoCanaryInFiles(dir: string, planted: Set<string>): void {
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (planted.has(name) || !statSync(path).isFile()) continue;
    expect(readFileSync(path, "utf8"), path).not.toContain(CANARY);
  }
}

const scenarios = ["echo200", "echo401", "echo403", "echo500", "garbage200", "garbage500", "silent", "refused"];

describe("a canary token never appears in output or files", () => {
  it.each(scenarios.flatMap((s) => [[s, true], [s, false]] as const))("library, servers %s, GITEA_TOKEN in env: %s", async (scenario, tokenInEnv) => {
    const { home, env, planted } = canaryHost(tokenInEnv);
    const full = { ...env, PATH: stubPath(), GITEA_URL: servers[scenario], TELEGRAM_API_BASE: servers[scenario] };
    for (const fix of [false, true]) {
      const report = await runBootstrap({ hermesHome: home, env: full, timeoutMs: 2000, fix });
      const gitea = report.findings.find((f) => f.id === "gitea_auth")!;
      // The check really ran against the server (not skipped or short-circuited by config).
      expect(gitea.data?.url).toBe(servers[scenario]);
      expect(JSON.stringify(report)).not.toContain(CANARY);
    }
    assertNoCanaryInFiles(home, planted);
  });

  it.each(scenarios)("built bin, servers %s: stdout and stderr in json, text and --debug", async (scenario) => {
    const { home, env, planted } = canaryHost(true);
    const cwd = testdir();
    const full = cleanEnv({ ...env, PATH: stubPath(), HOME: cwd, GITEA_URL: servers[scenario], TELEGRAM_API_BASE: servers[scenario] });
    for (const args of [["--json"], ["--format", "text"], ["--json", "--debug", "--fix"]]) {
      const r = await runBin(bin, ["--hermes-home", home, "--timeout", "2000", ...args], { env: full, cwd });
      // With --fix every secret file becomes 0600, so only a server answering 200 leaves a ready host.
      expect(r.code, r.stderr).toBe(args.includes("--fix") && scenario === "echo200" ? 0 : 1);
      expect(r.stdout).toContain(scenario === "echo200" ? "authenticated as" : "gitea_token");
      expect(r.stdout).not.toContain(CANARY);
      expect(r.stderr).not.toContain(CANARY);
    }
    assertNoCanaryInFiles(home, planted);
    assertNoCanaryInFiles(cwd, new Set());
  });

  it("error paths: a check that throws, a malformed contract, a bad flag", async () => {
    const { home, env } = canaryHost(false);
    const broken = join(home, "gitea_token");
    // gitea_token as a directory makes reading the token throw inside the check.
    const other = readyHome();
    mkdirSync(join(other, "gitea_token"));
    const contract = join(testdir(), "contract.yaml");
    writeWithMode(contract, `version: "1.0.0"\nbogus: ${CANARY}\n`, 0o600);
    const full = cleanEnv({ ...env, PATH: stubPath(), GITEA_URL: servers.echo401, TELEGRAM_API_BASE: servers.echo401 });
    const cases: [string[], number, string][] = [
      [["--hermes-home", other, "--debug"], 1, `check failed: cannot read ${join(other, "gitea_token")}: EISDIR`],
      [["--hermes-home", home, "--contract", contract, "--debug"], 2, "INVALID_CONTRACT"],
      [["--hermes-home", home, "--timeout", CANARY], 2, "INVALID_ARGUMENT"],
      [["--hermes-home", home, "--only", CANARY], 2, "UNKNOWN_CHECK"],
    ];
    for (const [args, code, marker] of cases) {
      const r = await runBin(bin, ["--json", ...args], { env: full });
      expect(r.code, r.stderr).toBe(code);
      expect(r.stdout).toContain(marker);
      expect(r.stdout).not.toContain(CANARY);
      expect(r.stderr).not.toContain(CANARY);
    }
    expect(statSync(broken).isFile()).toBe(true);
  });
});
