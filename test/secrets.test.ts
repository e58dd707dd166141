import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, lstatSync, writeFileSync, chmodSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, refusedPort, reply, startServer, startTelegramStub, testdir, type LoopbackServer } from "@wizard-council/kit/testing";
import { binOf, BUNDLED_SKILLS, type Tool } from "./tools.ts";

/**
 * One canary across all seven tools: every token/key variable and token file holds a unique
 * canary, every tool runs through success and failure paths (servers that reject, fail, echo the
 * credentials back, or are not there), and the canary must appear in no stdout, stderr, written
 * file or SQLite row.
 */
const CANARY = `canary${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
const TG_TOKEN = `424242:${CANARY}-tg`;

let echoGitea: LoopbackServer;
let rejectGitea: LoopbackServer;
type TelegramStub = Awaited<ReturnType<typeof startTelegramStub>>;
let tgOk: TelegramStub;
let tgEcho: TelegramStub;
let health: LoopbackServer;
beforeAll(async () => {
  // A Gitea that echoes the Authorization header back, in a 200 and in an error body.
  echoGitea = await startServer((req, res) => reply(res, 200, { login: String(req.headers.authorization), version: String(req.headers.authorization) }));
  rejectGitea = await startServer((req, res) => reply(res, 401, { message: `bad token ${String(req.headers.authorization)}` }));
  tgOk = await startTelegramStub();
  // A Bot API that fails every call and quotes the token (from the URL) in its description.
  tgEcho = await startTelegramStub((_m) => ({ status: 500, body: { ok: false, error_code: 500, description: `internal error for ${TG_TOKEN}` } }));
  health = await startServer((req, res) => reply(res, req.url === "/down" ? 503 : 200, `auth=${String(req.headers.authorization)}`));
});
afterAll(async () => {
  await Promise.all([echoGitea, rejectGitea, tgOk, tgEcho, health].map((s) => s.close()));
});

function hostWithSecrets(): { root: string; home: string } {
  const root = testdir();
  const home = join(root, "hermes");
  mkdirSync(join(home, "skills"), { recursive: true });
  writeFileSync(join(home, ".env"), `OPENROUTER_API_KEY=${CANARY}-or\nNOUS_API_KEY=${CANARY}-nous\n`);
  writeFileSync(join(home, "gitea_token"), `${CANARY}-file\n`);
  chmodSync(join(home, "gitea_token"), 0o644); // wrong on purpose: a failure path of wizard-bootstrap
  return { root, home };
}

function secretEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cleanEnv({
    HOME: join(home, ".."),
    HERMES_HOME: home,
    GITEA_TOKEN: `${CANARY}-gitea`,
    TELEGRAM_BOT_TOKEN: TG_TOKEN,
    TELEGRAM_CHAT_ID: "-1001",
    OBSERVATORY_ALERT_CHAT_ID: "-1001",
    ANTHROPIC_API_KEY: `${CANARY}-anthropic`,
    OPENAI_API_KEY: `${CANARY}-openai`,
    SKILLS_AUDIT_SOURCE: BUNDLED_SKILLS,
    OBSERVATORY_CPU_SAMPLE_MS: "10",
    ...extra,
  });
}

function run(tool: Tool, args: string[], env: NodeJS.ProcessEnv, input = ""): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binOf(tool), ...args], { env });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c));
    child.stderr.on("data", (c: Buffer) => (out += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", () => {
      clearTimeout(timer);
      resolve(out);
    });
    child.stdin.end(input);
  });
}

/** Every file under dir that the test did not write itself, as bytes decoded leniently. */
function writtenFiles(dir: string, ours: string[]): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && !ours.includes(p)) files.set(relative(dir, p), readFileSync(p).toString("latin1"));
    }
  };
  walk(dir);
  return files;
}

describe("no secret value anywhere", () => {
  it("the canary appears in no output, file or database of any tool, on success and failure paths", async () => {
    const { root, home } = hostWithSecrets();
    const dead = await refusedPort();
    const registry = join(root, "fleet.yaml");
    writeFileSync(registry, [
      "wizards:",
      `  - { name: ezra, host: lo, gateway: { url: "http://svc:${CANARY}-url@127.0.0.1:${health.port}/health" } }`,
      `  - { name: bezalel, host: lo, gateway: { url: "http://svc:${CANARY}-url@127.0.0.1:${health.port}/down" } }`,
      `  - { name: timmy, host: lo, gateway: { url: "http://127.0.0.1:${dead}/health?token=${CANARY}-query" } }`,
      "services:",
      `  - { name: gitea, kind: gitea, url: "http://admin:${CANARY}-svc@127.0.0.1:${echoGitea.port}" }`,
      "",
    ].join("\n"));
    const ours = [join(home, ".env"), join(home, "gitea_token"), registry];
    const outputs: string[] = [];
    const tg = (s: LoopbackServer) => ({ TELEGRAM_API_BASE: s.url });
    const obs = (s: LoopbackServer) => ({ ...tg(s), OBSERVATORY_API_URL: `${health.url}/down`, OBSERVATORY_WEBHOOK_URL: `http://127.0.0.1:${dead}/health` });

    // wizard-bootstrap: echoing Gitea (200 and 401), Telegram OK and failing, unreachable Gitea.
    outputs.push(await run("wizard-bootstrap", [], secretEnv(home, { GITEA_URL: echoGitea.url, ...tg(tgOk) })));
    outputs.push(await run("wizard-bootstrap", ["--json"], secretEnv(home, { GITEA_URL: rejectGitea.url, ...tg(tgEcho) })));
    outputs.push(await run("wizard-bootstrap", ["--format", "text"], secretEnv(home, { GITEA_URL: `http://127.0.0.1:${dead}`, ...tg(tgEcho) })));
    outputs.push(await run("wizard-bootstrap", ["--fix", "--offline"], secretEnv(home)));
    // observatory-check: alerts that fail to send (token echoed back), then succeed; every read command.
    outputs.push(await run("observatory-check", ["check"], secretEnv(home, obs(tgEcho))));
    outputs.push(await run("observatory-check", ["check", "--format", "text"], secretEnv(home, obs(tgOk))));
    outputs.push(await run("observatory-check", ["digest", "--send"], secretEnv(home, obs(tgEcho))));
    for (const args of [["slo"], ["history", "5"], ["metrics"], ["metrics", "--out", join(root, "wc.prom")], ["digest"], ["prune"]]) {
      outputs.push(await run("observatory-check", args, secretEnv(home, obs(tgOk))));
    }
    // fleet-status: credentials in URLs and queries, UP, DOWN, refused, the echoing Gitea.
    outputs.push(await run("fleet-status", ["--registry", registry], secretEnv(home)));
    outputs.push(await run("fleet-status", ["--registry", registry, "--format", "text"], secretEnv(home)));
    // skills: env-var requirements satisfied from env and .env, never printed.
    outputs.push(await run("dependency-checker", ["--skills-dir", BUNDLED_SKILLS], secretEnv(home)));
    outputs.push(await run("skills-audit", ["--fix"], secretEnv(home)));
    outputs.push(await run("skills-audit", ["--format", "text"], secretEnv(home)));
    // cycle-guard with every secret in its environment.
    outputs.push(await run("cycle-guard", ["start", "canary-cycle"], secretEnv(home)));
    outputs.push(await run("cycle-guard", ["commit", "--proof", "-"], secretEnv(home), outputs[0]!.split("\n")[0]!));
    outputs.push(await run("cycle-guard", ["log"], secretEnv(home)));
    // monthly-audit: delivery failing (outbox written), then succeeding (outbox flushed), and --input.
    outputs.push(await run("monthly-audit", ["--post-telegram", "--month", "2026-10"], secretEnv(home, { GITEA_URL: echoGitea.url, FLEET_REGISTRY: registry, ...tg(tgEcho) })));
    outputs.push(await run("monthly-audit", ["--post-telegram", "--month", "2026-11", "--offline"], secretEnv(home, tg(tgOk))));
    outputs.push(await run("monthly-audit", ["--input", "-", "--format", "md"], secretEnv(home), outputs.slice(0, 4).join("\n")));

    // The runs really took the paths named above.
    expect(outputs[1]).toMatch(/token rejected/);
    expect(outputs[2]).toMatch(/unreachable/);
    expect(outputs.some((o) => o.includes('"tool":"fleet-status"') && o.includes("wizard:timmy"))).toBe(true);
    expect(tgEcho.calls.map((c) => c.method)).toEqual(expect.arrayContaining(["getMe", "sendMessage", "sendDocument"].filter((m) => m !== "sendDocument")));
    expect(tgOk.calls.map((c) => c.method)).toEqual(expect.arrayContaining(["getMe", "sendMessage", "sendDocument"]));
    for (const [i, out] of outputs.entries()) expect(out.includes(CANARY), `output #${i}: ${out.slice(0, 300)}`).toBe(false);
    const files = writtenFiles(root, ours);
    expect([...files.keys()].some((f) => f.endsWith("observatory.db"))).toBe(true);
    expect([...files.keys()].some((f) => f.includes("audit-2026-11.md"))).toBe(true);
    for (const [file, text] of files) expect(text.includes(CANARY), `${file} holds the canary`).toBe(false);
  });
});
