import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { onTestFinished } from "vitest";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface LoopbackServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Closes servers (anything with `close()`) when the current test finishes, and returns the first:
 * `const s = closeAfterTest(await startServer(...))`. Call it inside a test; a server started in
 * `beforeAll` is closed by its own `afterAll`.
 */
export function closeAfterTest<T extends { close(): Promise<void> }>(server: T, ...more: { close(): Promise<void> }[]): T {
  for (const s of [server, ...more]) onTestFinished(() => s.close());
  return server;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

/** An HTTP server on 127.0.0.1 (random port) that records every request; close() also drops open sockets. */
export async function startServer(handler: Handler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rec: RecordedRequest = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(rec);
      Promise.resolve(handler(rec, res)).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Replies with a status and JSON (or text) body. */
export function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json", ...headers });
  res.end(text);
}

/** A silent server also says how many connections it accepted and how many were open at once. */
export interface SilentServer extends LoopbackServer {
  accepted(): number;
  /** The most connections open at the same time (a concurrency cap seen from the outside). */
  maxOpen(): number;
}

/** A TCP server on 127.0.0.1 that accepts connections and never answers (for timeout tests). */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let maxOpen = 0;
  const server = createTcpServer((s) => {
    accepted += 1;
    sockets.add(s);
    maxOpen = Math.max(maxOpen, sockets.size);
    s.on("error", () => {});
    s.resume(); // read, so a client's close is seen and the open count stays true
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: [],
    accepted: () => accepted,
    maxOpen: () => maxOpen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A loopback port with nothing listening (connections are refused). */
export async function refusedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A Telegram Bot API stand-in that records calls; `script` may answer 429/500/401 per call. */
export async function startTelegramStub(script: (method: string, call: number) => { status: number; body: unknown } | undefined = () => undefined): Promise<LoopbackServer & { calls: { method: string; token: string; body: string }[] }> {
  const calls: { method: string; token: string; body: string }[] = [];
  const server = await startServer((req, res) => {
    const m = /^\/bot([^/]+)\/(\w+)/.exec(req.url);
    const method = m?.[2] ?? "";
    calls.push({ method, token: m?.[1] ?? "", body: req.body });
    const scripted = script(method, calls.filter((c) => c.method === method).length);
    if (scripted) return reply(res, scripted.status, scripted.body);
    if (method === "getMe") return reply(res, 200, { ok: true, result: { id: 42, is_bot: true, username: "council_bot" } });
    return reply(res, 200, { ok: true, result: { message_id: calls.length } });
  });
  return Object.assign(server, { calls });
}
