import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closeAfterTest, refusedPort, reply, startServer, startSilentServer, testdir, type LoopbackServer } from "@wizard-council/kit/testing";
import { probeGitea, probeHttp, probeSsh } from "../src/index.ts";
import { installSshStub } from "./ssh-stub.ts";

async function serve(handler: Parameters<typeof startServer>[0]): Promise<LoopbackServer> {
  return closeAfterTest(await startServer(handler));
}
const opts = { timeoutMs: 5000, slowMs: 30_000 };

describe("probeHttp against real loopback servers", () => {
  it("is up with the status on a healthy answer", async () => {
    const s = await serve((_req, res) => reply(res, 200, { status: "ok" }));
    const r = await probeHttp("gateway", `${s.url}/health`, opts);
    expect(r).toEqual({ probe: "gateway", target: `${s.url}/health`, up: true, slow: false, httpStatus: 200, latencyMs: r.latencyMs });
    expect(s.requests.map((q) => `${q.method} ${q.url}`)).toEqual(["GET /health"]);
  });

  it("counts a redirect as up", async () => {
    const s = await serve((_req, res) => reply(res, 302, "", { location: "/elsewhere" }));
    expect(await probeHttp("webhook", `${s.url}/health`, opts)).toMatchObject({ up: true, httpStatus: 302 });
  });

  it("is down with HTTP 503", async () => {
    const s = await serve((_req, res) => reply(res, 503, { status: "draining" }));
    expect(await probeHttp("gateway", `${s.url}/health`, opts)).toMatchObject({ up: false, slow: false, httpStatus: 503, failure: "http", reason: "HTTP 503" });
  });

  it("is up but slow when the answer takes longer than slowMs", async () => {
    const s = await serve((_req, res) => new Promise<void>((r) => setTimeout(() => r(reply(res, 200, "ok")), 150)));
    const r = await probeHttp("gateway", `${s.url}/health`, { timeoutMs: 10_000, slowMs: 50 });
    expect(r).toMatchObject({ up: true, slow: true, httpStatus: 200 });
    expect(r.latencyMs).toBeGreaterThanOrEqual(140);
  });

  it("times out on a server that answers after the timeout", async () => {
    const timers: NodeJS.Timeout[] = [];
    const s = await serve((_req, res) => void timers.push(setTimeout(() => reply(res, 200, "late"), 5000)));
    const r = await probeHttp("gateway", `${s.url}/health`, { timeoutMs: 300, slowMs: 100 });
    timers.forEach(clearTimeout);
    expect(r).toMatchObject({ up: false, failure: "timeout", reason: "timeout: no answer within 300 ms" });
  });

  it("times out on a server that accepts and never answers", async () => {
    const s = await startSilentServer();
    closeAfterTest(s);
    expect(await probeHttp("gateway", `${s.url}/health`, { timeoutMs: 300, slowMs: 100 })).toMatchObject({ up: false, failure: "timeout", reason: "timeout: no answer within 300 ms" });
  });

  it("is down with 'connection refused' when nothing listens", async () => {
    const port = await refusedPort();
    expect(await probeHttp("gateway", `http://127.0.0.1:${port}/health`, opts)).toEqual({
      probe: "gateway", target: `http://127.0.0.1:${port}/health`, up: false, slow: false, failure: "refused", reason: "connection refused", latencyMs: expect.any(Number),
    });
  });

  it("reports a TLS failure when https meets a plain HTTP port", async () => {
    const s = await serve((_req, res) => reply(res, 200, "ok"));
    expect(await probeHttp("gateway", `https://127.0.0.1:${s.port}/health`, opts)).toMatchObject({ up: false, failure: "tls" });
  });

  it("sends URL credentials as Basic auth but never shows them in the target", async () => {
    const s = await serve((req, res) => reply(res, req.headers.authorization === `Basic ${Buffer.from("ops:pa55-w0rd-xyz").toString("base64")}` ? 200 : 401, "x"));
    const r = await probeHttp("gateway", `http://ops:pa55-w0rd-xyz@127.0.0.1:${s.port}/health?key=abc123`, opts);
    expect(r).toMatchObject({ up: true, httpStatus: 200, target: `http://127.0.0.1:${s.port}/health` });
    expect(JSON.stringify(r)).not.toContain("pa55-w0rd-xyz");
  });
});

describe("probeGitea against a fake Gitea", () => {
  const gitea = () => serve((req, res) => (req.url.endsWith("/api/v1/version") ? reply(res, 200, { version: "1.22.3" }) : reply(res, 404, "not found")));

  it("reports the version from /api/v1/version", async () => {
    const s = await gitea();
    expect(await probeGitea(s.url, opts)).toMatchObject({ probe: "gitea", up: true, httpStatus: 200, version: "1.22.3", target: `${s.url}/api/v1/version` });
    expect(s.requests.map((q) => q.url)).toEqual(["/api/v1/version"]);
  });

  it("keeps a sub-path install's prefix", async () => {
    const s = await gitea();
    expect(await probeGitea(`${s.url}/git/`, opts)).toMatchObject({ up: true, version: "1.22.3" });
    expect(s.requests.map((q) => q.url)).toEqual(["/git/api/v1/version"]);
  });

  it("is down when the answer is not a Gitea version", async () => {
    const s = await serve((_req, res) => reply(res, 200, "<html>welcome</html>"));
    expect(await probeGitea(s.url, opts)).toMatchObject({ up: false, httpStatus: 200, failure: "not_gitea", reason: "answer is not a Gitea version (expected JSON with a version)" });
  });

  it("is down with the HTTP status on an error", async () => {
    const s = await serve((_req, res) => reply(res, 502, "bad gateway"));
    expect(await probeGitea(s.url, opts)).toMatchObject({ up: false, httpStatus: 502, failure: "http", reason: "HTTP 502" });
  });
});

describe("probeSsh through a stub ssh first on PATH", () => {
  it("runs ssh with BatchMode, ConnectTimeout and the command as one argument, never disabling host-key checks", async () => {
    const dir = testdir();
    const stub = installSshStub(dir);
    const command = "systemctl is-active hermes-ezra && echo 'two words'";
    const r = await probeSsh("root@10.0.0.5", command, { timeoutMs: 9500, slowMs: 30_000, env: stub.env });
    expect(r).toMatchObject({ probe: "ssh", target: "ssh root@10.0.0.5", up: true, slow: false, exitCode: 0, output: "active" });
    const calls = stub.calls();
    expect(calls).toEqual([["-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "root@10.0.0.5", command]]);
    expect(calls[0]!.some((a) => /StrictHostKeyChecking/i.test(a))).toBe(false);
  });

  it("passes shell metacharacters to ssh as one argument; no local shell runs them", async () => {
    const dir = testdir();
    const stub = installSshStub(dir);
    const marker = join(dir, "pwned");
    const command = `uptime; touch ${marker} && $(touch ${marker}) | \`touch ${marker}\` > ${marker}`;
    const r = await probeSsh("ops@box", command, { timeoutMs: 8000, slowMs: 30_000, env: stub.env });
    expect(r.up).toBe(true);
    expect(stub.calls()).toEqual([["-o", "BatchMode=yes", "-o", "ConnectTimeout=8", "ops@box", command]]);
    expect(existsSync(marker)).toBe(false);
  });

  it("is down with ssh's own message when ssh exits 255", async () => {
    const stub = installSshStub(testdir());
    expect(await probeSsh("root@unreachable", "uptime", { timeoutMs: 10_000, slowMs: 30_000, env: stub.env })).toMatchObject({
      up: false, exitCode: 255, failure: "ssh", reason: "ssh failed (exit 255): ssh: connect to host root@unreachable port 22: Connection refused",
    });
  });

  it("is down with the exit code when the remote command fails", async () => {
    const stub = installSshStub(testdir());
    expect(await probeSsh("root@failing", "systemctl is-active x", { timeoutMs: 10_000, slowMs: 30_000, env: stub.env })).toMatchObject({
      up: false, exitCode: 3, failure: "exit", reason: "command exited 3: inactive",
    });
  });

  it("kills ssh at the probe timeout", async () => {
    const stub = installSshStub(testdir());
    expect(await probeSsh("root@hang", "uptime", { timeoutMs: 300, slowMs: 100, env: stub.env })).toMatchObject({
      up: false, failure: "timeout", reason: "timeout: no result within 300 ms",
    });
  });

  it("stops a command that prints without end", async () => {
    const stub = installSshStub(testdir());
    expect(await probeSsh("root@flood", "yes", { timeoutMs: 10_000, slowMs: 30_000, env: stub.env })).toMatchObject({
      up: false, failure: "other", reason: "the command printed more than 256 KiB",
    });
  });

  it("says so when there is no ssh client on PATH", async () => {
    const empty = testdir();
    expect(await probeSsh("root@h", "uptime", { timeoutMs: 1000, slowMs: 1000, env: { PATH: empty } })).toMatchObject({
      up: false, failure: "no_ssh", reason: "no ssh client on PATH",
    });
  });
});
