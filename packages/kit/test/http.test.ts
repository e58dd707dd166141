import { describe, expect, it } from "vitest";
import { httpRequest, redactUrl, safeOrigin } from "../src/http.ts";
import { closeAfterTest, refusedPort, reply, startServer, startSilentServer } from "../testing/index.ts";


describe("httpRequest against real loopback servers", () => {
  it("returns status, body and latency for any HTTP answer, including 503", async () => {
    const s = closeAfterTest(await startServer((req, res) => (req.url === "/down" ? reply(res, 503, "maintenance") : reply(res, 200, { ok: true }))));
    const up = await httpRequest(`${s.url}/health`);
    expect(up).toMatchObject({ ok: true, status: 200, body: '{"ok":true}' });
    const down = await httpRequest(`${s.url}/down`);
    expect(down).toMatchObject({ ok: true, status: 503, body: "maintenance" });
    expect(up.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("classifies refused, and never says 'timeout' for it", async () => {
    const port = await refusedPort();
    const r = await httpRequest(`http://127.0.0.1:${port}/health`, { timeoutMs: 2_000 });
    expect(r).toMatchObject({ ok: false, kind: "refused", message: `connection refused (http://127.0.0.1:${port})` });
  });

  it("times out a server that accepts and never answers", async () => {
    const s = closeAfterTest(await startSilentServer());
    const r = await httpRequest(`${s.url}/health`, { timeoutMs: 200 });
    expect(r).toMatchObject({ ok: false, kind: "timeout", message: `no answer within 200 ms (${s.url})` });
  });

  it("sends method, headers and body; credentials in the URL become Basic auth and never appear in messages", async () => {
    const s = closeAfterTest(await startServer((req, res) => reply(res, 200, { got: req.body, auth: req.headers.authorization, method: req.method })));
    const url = s.url.replace("http://", "http://admin:hunter2secret@");
    const r = await httpRequest(`${url}/x?token=abc`, { method: "POST", body: "hello", headers: { "x-a": "1" } });
    expect(r.ok && JSON.parse(r.body)).toEqual({ got: "hello", auth: `Basic ${Buffer.from("admin:hunter2secret").toString("base64")}`, method: "POST" });
    const port = await refusedPort();
    const fail = await httpRequest(`http://admin:hunter2secret@127.0.0.1:${port}/bottoken123/getMe?key=k`);
    expect(fail.ok).toBe(false);
    expect(JSON.stringify(fail)).not.toMatch(/hunter2secret|token123|key=k/);
  });

  it("cuts off bodies over the limit", async () => {
    const s = closeAfterTest(await startServer((_req, res) => reply(res, 200, "x".repeat(50_000))));
    expect(await httpRequest(s.url, { maxBytes: 1_000 })).toMatchObject({ ok: false, kind: "too_large" });
  });

  it("rejects bad URLs without throwing", async () => {
    expect(await httpRequest("not a url")).toMatchObject({ ok: false, kind: "invalid_url" });
    expect(await httpRequest("ftp://x/")).toMatchObject({ ok: false, kind: "invalid_url" });
  });
});

describe("URL display", () => {
  it.each([
    ["https://user:pw@forge.example.org:3000/api/v1/user?token=t", "https://forge.example.org:3000", "https://forge.example.org:3000/api/v1/user"],
    ["https://api.telegram.org/bot123:ABC/getMe", "https://api.telegram.org", "https://api.telegram.org/bot***/getMe"],
  ])("%s", (url, origin, redacted) => {
    expect(safeOrigin(url)).toBe(origin);
    expect(redactUrl(url)).toBe(redacted);
  });
});

describe("httpRequest cancellation", () => {
  it("an aborted signal ends a request to a silent server long before its own timeout", async () => {
    const s = closeAfterTest(await startSilentServer());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const r = await httpRequest(s.url, { timeoutMs: 30_000, signal: controller.signal });
    expect(r).toMatchObject({ ok: false, kind: "timeout", message: `cancelled: the overall deadline passed (${s.url})` });
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe("httpRequest with malformed credentials", () => {
  it("badly %-encoded userinfo is an invalid_url failure, not a rejected promise, and is not echoed", async () => {
    const r = await httpRequest("http://a%zz:s3cr%t@127.0.0.1:9/");
    expect(r).toEqual({ ok: false, kind: "invalid_url", message: "invalid URL: badly %-encoded credentials", latencyMs: 0 });
  });
});
