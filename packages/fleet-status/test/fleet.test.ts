import { describe, expect, it } from "vitest";
import { closeAfterTest, refusedPort, reply, startServer, startSilentServer, testdir, type LoopbackServer } from "@wizard-council/kit/testing";
import { runFleetStatus } from "../src/index.ts";
import { RELAXED, writeRegistry } from "./fleet-helpers.ts";
import { installSshStub } from "./ssh-stub.ts";

const NOW = new Date("2026-11-21T03:00:00.000Z");

async function mixedFleet(): Promise<{ path: string; healthy: LoopbackServer; refused: number; stubEnv: NodeJS.ProcessEnv }> {
  const dir = testdir();
  const healthy = closeAfterTest(await startServer((req, res) => {
    if (req.url === "/api/v1/version") return reply(res, 200, { version: "1.22.3" });
    if (req.url.startsWith("/sick")) return reply(res, 503, "draining");
    return reply(res, 200, { status: "ok" });
  }));
  const silent = closeAfterTest(await startSilentServer());
  const refused = await refusedPort();
  const stub = installSshStub(testdir());
  const path = writeRegistry(dir, `
defaults:
  timeout_ms: 2000
  slow_ms: 30000
wizards:
  - name: ezra
    host: hermes-vps
    role: architect
    gateway: { url: "${healthy.url}/ezra/health" }
    webhook: { url: "http://127.0.0.1:${healthy.port}/ezra/webhook" }
    ssh: { target: root@vps, command: "systemctl is-active hermes-ezra" }
  - name: allegro
    host: hermes-vps
    gateway: { url: "${healthy.url}/allegro/health" }
    webhook: { url: "${healthy.url}/sick/allegro" }
  - name: bezalel
    host: hermes-vps
    gateway: { url: "http://127.0.0.1:${refused}/health" }
    ssh: { target: root@unreachable, command: uptime }
  - name: timmy
    gateway: { url: "${silent.url}/health" }
  - name: ghost
    host: old-box
services:
  - name: gitea
    kind: gitea
    url: "${healthy.url}/"
`);
  return { path, healthy, refused, stubEnv: stub.env };
}

describe("runFleetStatus on a mixed fleet (in-process, real servers)", () => {
  it("reports each member UP / DEGRADED / DOWN with evidence, plus drift", async () => {
    const { path, healthy, refused, stubEnv } = await mixedFleet();
    const report = await runFleetStatus({ registryPath: path, env: stubEnv, now: NOW });
    expect(report.generatedAt).toBe("2026-11-21T03:00:00.000Z");
    expect(report.status).toBe("fail");
    expect(report.findings.map((f) => [f.id, f.status, f.title])).toEqual([
      ["wizard:ezra", "ok", "ezra UP"],
      ["wizard:allegro", "warn", "allegro DEGRADED"],
      ["wizard:bezalel", "fail", "bezalel DOWN"],
      ["wizard:timmy", "fail", "timmy DOWN"],
      ["wizard:ghost", "skip", "ghost UNPROBED"],
      ["service:gitea", "ok", "gitea UP"],
      [`drift:port:127.0.0.1:${healthy.port}`, "warn", `3 members claim 127.0.0.1:${healthy.port}`],
      ["drift:no-probe:ghost", "warn", "ghost has no probe"],
    ]);
    expect(report.summary).toEqual({ ok: 2, warn: 3, fail: 2, error: 0, skip: 1, up: 2, degraded: 1, down: 2 });
    const byId = Object.fromEntries(report.findings.map((f) => [f.id, f]));
    expect(byId["wizard:ezra"]!.data).toMatchObject({
      kind: "wizard", name: "ezra", host: "hermes-vps", role: "architect", state: "UP",
      probes: [
        { probe: "gateway", up: true, httpStatus: 200, target: `${healthy.url}/ezra/health` },
        { probe: "webhook", up: true, httpStatus: 200 },
        { probe: "ssh", up: true, exitCode: 0, output: "active", target: "ssh root@vps" },
      ],
    });
    expect(byId["wizard:allegro"]!.message).toMatch(/^gateway 200 \d+ms; webhook HTTP 503$/);
    expect(byId["wizard:allegro"]!.fix).toBe(`${healthy.url}/sick/allegro answers with an error status: check the service's logs`);
    expect(byId["wizard:bezalel"]!.message).toBe("gateway connection refused; ssh ssh failed (exit 255): ssh: connect to host root@unreachable port 22: Connection refused");
    expect(byId["wizard:bezalel"]!.fix).toBe(`nothing listens at http://127.0.0.1:${refused}/health: start the service, or fix the port in the registry`);
    expect(byId["wizard:timmy"]!.message).toBe("gateway timeout: no answer within 2000 ms");
    expect(byId["wizard:timmy"]!.data).toMatchObject({ host: "127.0.0.1", probes: [{ failure: "timeout" }] });
    expect(byId["service:gitea"]!.message).toMatch(/^gitea 1\.22\.3 \d+ms$/);
    expect(byId[`drift:port:127.0.0.1:${healthy.port}`]!.data).toEqual({ drift: "port", endpoint: `127.0.0.1:${healthy.port}`, members: ["ezra", "allegro", "gitea"] });
    expect(report.data).toMatchObject({ registry: path, timeoutMs: 2000, slowMs: 30000, concurrency: 64, members: 6, probes: 9, up: 2, degraded: 1, down: 2, unprobed: 1, drift: 2 });
  });

  it("--only probes the named members and keeps only the drift that involves them", async () => {
    const { path, healthy, stubEnv } = await mixedFleet();
    const before = healthy.requests.length;
    const report = await runFleetStatus({ registryPath: path, env: stubEnv, only: ["allegro", "ghost"] });
    expect(report.findings.map((f) => f.id)).toEqual(["wizard:allegro", "wizard:ghost", `drift:port:127.0.0.1:${healthy.port}`, "drift:no-probe:ghost"]);
    expect(healthy.requests.slice(before).map((r) => r.url).sort()).toEqual(["/allegro/health", "/sick/allegro"]);
    expect(report.status).toBe("warn");
  });

  it("rejects an --only name the registry does not have", async () => {
    const { path } = await mixedFleet();
    await expect(runFleetStatus({ registryPath: path, env: {}, only: ["ezra", "nobody"] })).rejects.toMatchObject({
      code: "UNKNOWN_MEMBER", path, message: '--only names "nobody", which is not in the registry (known: ezra, allegro, bezalel, timmy, ghost, gitea)',
    });
  });

  it("gives duplicated names distinct ids and reports the duplicate as drift", async () => {
    const s = closeAfterTest(await startServer((_req, res) => reply(res, 200, "ok")));
    const t = closeAfterTest(await startServer((_req, res) => reply(res, 200, "ok")));
    const path = writeRegistry(testdir(), `${RELAXED}wizards:\n  - { name: ezra, gateway: { url: "${s.url}/a" } }\n  - { name: ezra, gateway: { url: "${t.url}/b" } }\n`);
    const report = await runFleetStatus({ registryPath: path, env: {} });
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([["wizard:ezra", "ok"], ["wizard:ezra#2", "ok"], ["drift:duplicate-name:ezra", "warn"]]);
    expect(report.findings[2]!.message).toBe("ezra appears at lines 3, 4 of the registry");
  });

  it("the timeout comes from --timeout over the registry's defaults", async () => {
    const silent = closeAfterTest(await startSilentServer());
    const path = writeRegistry(testdir(), `defaults: { timeout_ms: 60000 }\nwizards:\n  - { name: a, gateway: { url: "${silent.url}/" } }\n`);
    const report = await runFleetStatus({ registryPath: path, env: {}, timeoutMs: 250 });
    expect(report.data.timeoutMs).toBe(250);
    expect(report.findings[0]!.message).toBe("gateway timeout: no answer within 250 ms");
  });

  it("falls back to $HERMES_HOME/fleet.yaml through env", async () => {
    const home = testdir();
    const s = closeAfterTest(await startServer((_req, res) => reply(res, 200, "ok")));
    writeRegistry(home, `wizards:\n  - { name: solo, gateway: { url: "${s.url}/h" } }\n`);
    const report = await runFleetStatus({ env: { HERMES_HOME: home } });
    expect(report.data.registry).toBe(`${home}/fleet.yaml`);
    expect(report.findings.map((f) => f.id)).toEqual(["wizard:solo"]);
  });
});

describe("all probes run concurrently, under the cap", () => {
  const registryFor = (url: string, n: number) =>
    `${RELAXED}wizards:\n${Array.from({ length: n }, (_, i) => `  - { name: w${i}, gateway: { url: "${url}/w${i}" } }`).join("\n")}\n`;

  it("opens every dead member's connection at once when under the cap", async () => {
    const silent = closeAfterTest(await startSilentServer());
    const path = writeRegistry(testdir(), registryFor(silent.url, 6));
    const report = await runFleetStatus({ registryPath: path, env: {}, timeoutMs: 3000 });
    expect(report.summary.fail).toBe(6);
    expect(silent.accepted()).toBe(6);
    expect(silent.maxOpen()).toBe(6);
  });

  it("never has more than --concurrency probes in flight", async () => {
    // The server holds each request before answering, so the requests it holds at once are
    // exactly the probes in flight (a probe's slot frees only when its answer arrives).
    let holding = 0;
    let maxHolding = 0;
    const s = closeAfterTest(await startServer(async (_req, res) => {
      maxHolding = Math.max(maxHolding, ++holding);
      await new Promise((r) => setTimeout(r, 300));
      holding -= 1;
      reply(res, 200, "ok");
    }));
    const path = writeRegistry(testdir(), registryFor(s.url, 7));
    const report = await runFleetStatus({ registryPath: path, env: {}, timeoutMs: 30_000, concurrency: 3 });
    expect(report.summary.ok).toBe(7);
    expect(report.data.concurrency).toBe(3);
    expect(s.requests).toHaveLength(7);
    expect(maxHolding).toBe(3);
  });

  it("rejects a concurrency below 1", async () => {
    await expect(runFleetStatus({ registryPath: "/nonexistent/fleet.yaml", env: {}, concurrency: 0 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: "--concurrency must be a whole number of at least 1, got 0" });
  });
});
