import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanEnv, parseSingleReport, refusedPort, reply, runBin, startServer, startSilentServer, testdir } from "@wizard-council/kit/testing";
import { RELAXED, writeRegistry } from "./fleet-helpers.ts";
import { installSshStub } from "./ssh-stub.ts";

const BIN = join(__dirname, "..", "dist", "cli.js");
const SCHEMA = join(__dirname, "..", "schema", "report.schema.json");
const SECRET = "s3cr3t-Pa55word-99";

// A fresh HERMES_HOME per run: the kit reads $HERMES_HOME/.env (for secrets to scrub), never ~/.hermes here.
const isolatedEnv = (extra: NodeJS.ProcessEnv = {}) => cleanEnv({ HERMES_HOME: testdir(), ...extra });

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});
async function healthyServer() {
  const s = await startServer((req, res) => (req.url === "/api/v1/version" ? reply(res, 200, { version: "1.22.3" }) : reply(res, 200, { ok: true })));
  closers.push(() => s.close());
  return s;
}

describe("fleet-status (built bin)", () => {
  it("exits 0 with a schema-valid report when every member is UP", async () => {
    const s = await healthyServer();
    const path = writeRegistry(testdir(), `${RELAXED}wizards:\n  - { name: ezra, host: vps, gateway: { url: "${s.url}/ezra" } }\nservices:\n  - { name: gitea, kind: gitea, url: "http://127.0.0.1:${s.port}" }\n`);
    const r = await runBin(BIN, ["--registry", path], { env: isolatedEnv() });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.status).toBe("warn"); // both members on one port: drift
    expect(report.findings.map((f: { id: string; status: string }) => `${f.id}=${f.status}`)).toEqual(["wizard:ezra=ok", "service:gitea=ok", `drift:port:127.0.0.1:${s.port}=warn`]);
    expect(report.findings[1].data.probes[0].version).toBe("1.22.3");
  });

  it("exits 1 when anything is DOWN", async () => {
    const s = await healthyServer();
    const port = await refusedPort();
    const path = writeRegistry(testdir(), `${RELAXED}wizards:\n  - { name: up, gateway: { url: "${s.url}/up" } }\n  - { name: dead, gateway: { url: "http://127.0.0.1:${port}/h" } }\n`);
    const r = await runBin(BIN, ["--registry", path], { env: isolatedEnv() });
    expect(r.code).toBe(1);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.summary).toEqual({ ok: 1, warn: 0, fail: 1, error: 0, skip: 0, up: 1, degraded: 0, down: 1 });
  });

  it("prints the SITREP table with --format text", async () => {
    const s = await healthyServer();
    const silent = await startSilentServer();
    closers.push(() => silent.close());
    const path = writeRegistry(testdir(), `${RELAXED}wizards:\n  - { name: ezra, host: hermes-vps, gateway: { url: "${s.url}/ezra" } }\n  - { name: allegro-primus, host: hermes-vps, gateway: { url: "${silent.url}/h" } }\n`);
    const r = await runBin(BIN, ["--registry", path, "--format", "text", "--timeout", "1500"], { env: isolatedEnv() });
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("Wizard          Host        Status  Detail");
    expect(lines[1]).toMatch(/^ezra            hermes-vps  UP      gateway 200 \d+ms$/);
    expect(lines[2]).toBe("allegro-primus  hermes-vps  DOWN    gateway timeout: no answer within 1500 ms");
    expect(lines[4]).toMatch(/^fleet-status: fail · 1 ok · 1 fail · \d+ ms$/);
    expect(r.stdout).not.toContain("\u001B[");
  });

  it("--only probes just the named members", async () => {
    const s = await healthyServer();
    const path = writeRegistry(testdir(), `${RELAXED}wizards:\n  - { name: a, gateway: { url: "${s.url}/a" } }\n  - { name: b, gateway: { url: "${s.url}/b" } }\n  - { name: c, gateway: { url: "http://127.0.0.1:${await refusedPort()}/c" } }\n`);
    const r = await runBin(BIN, ["--registry", path, "--only", "a,b"], { env: isolatedEnv() });
    expect(r.code).toBe(0);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.findings.map((f: { id: string }) => f.id)).toEqual(["wizard:a", "wizard:b", `drift:port:127.0.0.1:${s.port}`]);
    expect(s.requests.map((q) => q.url).sort()).toEqual(["/a", "/b"]);
  });

  it("finds the registry through FLEET_REGISTRY, then $HERMES_HOME/fleet.yaml", async () => {
    const s = await healthyServer();
    const home = testdir();
    writeRegistry(home, `wizards:\n  - { name: from-home, gateway: { url: "${s.url}/h" } }\n`);
    const other = writeRegistry(testdir(), `wizards:\n  - { name: from-env, gateway: { url: "${s.url}/e" } }\n`, "registry.yaml");
    const viaHome = parseSingleReport((await runBin(BIN, [], { env: cleanEnv({ HERMES_HOME: home }) })).stdout, SCHEMA);
    expect(viaHome.findings[0].id).toBe("wizard:from-home");
    const viaEnv = parseSingleReport((await runBin(BIN, [], { env: cleanEnv({ HERMES_HOME: home, FLEET_REGISTRY: other }) })).stdout, SCHEMA);
    expect(viaEnv.findings[0].id).toBe("wizard:from-env");
    const viaFlag = parseSingleReport((await runBin(BIN, ["--hermes-home", home], { env: cleanEnv({ HERMES_HOME: "/nonexistent" }) })).stdout, SCHEMA);
    expect(viaFlag.data.registry).toBe(join(home, "fleet.yaml"));
  });
});

describe("fleet-status errors (exit 2)", () => {
  it.each([
    ["a missing registry", (dir: string) => ["--registry", join(dir, "nope.yaml")], "REGISTRY_NOT_FOUND", (dir: string) => `fleet-status: no fleet registry at ${join(dir, "nope.yaml")}; pass --registry, set FLEET_REGISTRY, or create $HERMES_HOME/fleet.yaml`],
    ["a malformed registry", (dir: string) => ["--registry", writeRegistry(dir, "wizards:\n  - name: a\n    gateway: { url: 5 }\n")], "INVALID_REGISTRY", (dir: string) => `fleet-status: fleet.yaml:3: wizards[0].gateway.url: expected a string, got 5 (${join(dir, "fleet.yaml")})`],
    ["broken YAML", (dir: string) => ["--registry", writeRegistry(dir, "wizards: [\n  {name: a\n")], "INVALID_REGISTRY", (dir: string) => `fleet-status: fleet.yaml:3: invalid YAML: Flow map in block collection must be sufficiently indented and end with a } (${join(dir, "fleet.yaml")})`],
    ["an unknown --only name", (dir: string) => ["--registry", writeRegistry(dir, "wizards:\n  - name: a\n"), "--only", "zed"], "UNKNOWN_MEMBER", (dir: string) => `fleet-status: --only names "zed", which is not in the registry (known: a) (${join(dir, "fleet.yaml")})`],
    ["a bad --timeout", () => ["--timeout", "soon"], "INVALID_ARGUMENT", () => 'fleet-status: --timeout must be a whole number, got "soon"'],
    ["a zero --concurrency", () => ["--concurrency", "0"], "INVALID_ARGUMENT", () => "fleet-status: --concurrency must be at least 1, got 0"],
    ["an unknown flag", () => ["--registy", "x"], "UNKNOWN_FLAG", () => "fleet-status: unknown flag --registy"],
  ])("%s", async (_label, args, code, line) => {
    const dir = testdir();
    const r = await runBin(BIN, args(dir), { env: cleanEnv({ HERMES_HOME: dir }) });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe(line(dir));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.error.code).toBe(code);
  });
});

describe("hostile registries (built bin)", () => {
  it("probes with URL credentials but never prints them", async () => {
    const auth = `Basic ${Buffer.from(`admin:${SECRET}`).toString("base64")}`;
    const s = await startServer((req, res) => reply(res, req.headers.authorization === auth ? 200 : 401, "x"));
    closers.push(() => s.close());
    const path = writeRegistry(testdir(), `${RELAXED}wizards:\n  - { name: locked, gateway: { url: "http://admin:${SECRET}@127.0.0.1:${s.port}/health" } }\n`);
    for (const format of ["json", "text"]) {
      const r = await runBin(BIN, ["--registry", path, "--format", format], { env: isolatedEnv() });
      expect(r.code).toBe(0);
      expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
      expect(`${r.stdout}${r.stderr}`).not.toContain("admin:");
    }
    expect(s.requests).toHaveLength(2);
  });

  it.each([
    ["a bad scheme", `wizards:\n  - { name: a, gateway: { url: "ftp://admin:${SECRET}@h/" } }\n`],
    ["broken YAML on the credential's line", `wizards:\n  - { name: a, gateway: { url: "http://admin:${SECRET}@h/ } }\n`],
    ["a credential URL as a key", `wizards:\n  - name: a\n    "http://admin:${SECRET}@h/": 1\n`],
  ])("never echoes URL credentials in the error for %s", async (_label, text) => {
    const path = writeRegistry(testdir(), text);
    const r = await runBin(BIN, ["--registry", path], { env: isolatedEnv() });
    expect(r.code).toBe(2);
    expect(parseSingleReport(r.stdout, SCHEMA).error.code).toBe("INVALID_REGISTRY");
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
  });

  it("passes a command with shell metacharacters to ssh as one argument; nothing runs locally", async () => {
    const dir = testdir();
    const stub = installSshStub(testdir());
    const marker = join(dir, "x");
    const command = `systemctl is-active hermes; touch ${marker}; $(touch ${marker}) \`touch ${marker}\``;
    const path = writeRegistry(dir, `${RELAXED}wizards:\n  - name: ezra\n    ssh: { target: root@10.0.0.5, command: ${JSON.stringify(command)} }\n  - name: bez\n    ssh: { target: root@unreachable, command: uptime }\n`);
    const r = await runBin(BIN, ["--registry", path, "--timeout", "9000"], { env: isolatedEnv({ PATH: stub.path, SSH_STUB_DIR: stub.env.SSH_STUB_DIR }) });
    expect(r.code).toBe(1);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.findings.map((f: { id: string; status: string }) => `${f.id}=${f.status}`)).toEqual(["wizard:ezra=ok", "wizard:bez=fail"]);
    expect(stub.calls().sort((a, b) => a[4]!.localeCompare(b[4]!))).toEqual([
      ["-o", "BatchMode=yes", "-o", "ConnectTimeout=9", "root@10.0.0.5", command],
      ["-o", "BatchMode=yes", "-o", "ConnectTimeout=9", "root@unreachable", "uptime"],
    ]);
    expect(existsSync(marker)).toBe(false);
  });

  it("validates and probes 10,000 members within the concurrency cap", async () => {
    let holding = 0;
    let maxHolding = 0;
    const s = await startServer(async (_req, res) => {
      maxHolding = Math.max(maxHolding, ++holding);
      await new Promise((r) => setImmediate(r));
      holding -= 1;
      reply(res, 200, "ok");
    });
    closers.push(() => s.close());
    const rows = Array.from({ length: 10_000 }, (_, i) => `  - { name: w${i}, gateway: { url: "${s.url}/w${i}" } }`);
    const path = writeRegistry(testdir(), `defaults: { slow_ms: 600000, timeout_ms: 60000 }\nwizards:\n${rows.join("\n")}\n`);
    const r = await runBin(BIN, ["--registry", path, "--concurrency", "32"], { env: isolatedEnv(), timeoutMs: 150_000 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.summary).toEqual({ ok: 10_000, warn: 1, fail: 0, error: 0, skip: 0, up: 10_000, degraded: 0, down: 0 });
    expect(report.findings.at(-1).id).toBe(`drift:port:127.0.0.1:${s.port}`);
    expect(report.findings.at(-1).data.members).toHaveLength(10_000);
    expect(s.requests).toHaveLength(10_000);
    expect(maxHolding).toBeLessThanOrEqual(32);
    expect(maxHolding).toBeGreaterThan(1);
  }, 180_000);
});
