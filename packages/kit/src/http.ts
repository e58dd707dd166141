import type { IncomingHttpHeaders } from "node:http";

/** Why a request got no HTTP answer. `refused`/`dns`/`timeout`/`unreachable` mean "could not reach", never "rejected". */
export type NetErrorKind = "refused" | "timeout" | "dns" | "tls" | "reset" | "unreachable" | "invalid_url" | "too_large" | "other";

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Covers connect, headers and body. Default 5000 ms. */
  timeoutMs?: number;
  /** Bodies beyond this are cut off with `too_large`. Default 1 MiB. */
  maxBytes?: number;
  /** Cancels the request (e.g. an overall deadline); it then fails as `timeout`. */
  signal?: AbortSignal;
}

/** An HTTP exchange that got an answer (any status). */
export interface HttpResponse {
  ok: true;
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  latencyMs: number;
}

/** An exchange that got no answer; `message` names only scheme, host and port (no path, query or credentials). */
export interface HttpFailure {
  ok: false;
  kind: NetErrorKind;
  message: string;
  code?: string;
  latencyMs: number;
}

export type HttpResult = HttpResponse | HttpFailure;

/**
 * The part of a URL that is safe to print: scheme, host and port. Paths may carry tokens
 * (Telegram's `/bot<token>/`), queries may carry keys, userinfo carries passwords.
 */
export function safeOrigin(url: string | URL): string {
  try {
    const u = typeof url === "string" ? new URL(url) : url;
    return `${u.protocol}//${u.host}`;
  } catch {
    return "<invalid url>";
  }
}

/** A URL for display: origin and path, with userinfo, query and `/bot<token>` segments removed. */
export function redactUrl(url: string | URL): string {
  try {
    const u = typeof url === "string" ? new URL(url) : url;
    const path = u.pathname.replace(/\/bot[^/]+/g, "/bot***");
    return `${u.protocol}//${u.host}${path === "/" ? "" : path}`;
  } catch {
    return "<invalid url>";
  }
}

/** Sends one HTTP(S) request with a hard deadline; never throws for network failures and never echoes secrets. */
export async function httpRequest(url: string | URL, options: HttpRequestOptions = {}): Promise<HttpResult> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  let target: URL;
  try {
    target = typeof url === "string" ? new URL(url) : url;
  } catch {
    return { ok: false, kind: "invalid_url", message: "invalid URL", latencyMs: 0 };
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return { ok: false, kind: "invalid_url", message: `unsupported URL scheme ${target.protocol}`, latencyMs: 0 };
  }
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const where = safeOrigin(target);
  // Loaded on first use: node:https pulls in TLS, which tools that never reach the network should not pay for at startup.
  const requestFn = target.protocol === "https:" ? (await import("node:https")).request : (await import("node:http")).request;
  const headers: Record<string, string> = { "user-agent": "wizard-council", ...options.headers };
  if (target.username || target.password) {
    try {
      headers.authorization ??= `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString("base64")}`;
    } catch {
      return { ok: false, kind: "invalid_url", message: "invalid URL: badly %-encoded credentials", latencyMs: 0 };
    }
  }
  if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));

  return new Promise<HttpResult>((resolve) => {
    let settled = false;
    const finish = (result: HttpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", abort);
      resolve(result);
    };
    const fail = (kind: NetErrorKind, message: string, code?: string) =>
      finish({ ok: false, kind, message: `${message} (${where})`, latencyMs: elapsed(), ...(code ? { code } : {}) });

    const req = requestFn(
      { protocol: target.protocol, hostname: target.hostname.replace(/^\[|\]$/g, ""), port: target.port || undefined, path: `${target.pathname}${target.search}`, method: options.method ?? "GET", headers },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            fail("too_large", `response larger than ${maxBytes} bytes`);
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => finish({ ok: true, status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), latencyMs: elapsed() }));
        res.on("error", (err: NodeJS.ErrnoException) => fail(...classify(err)));
      },
    );
    const timer = setTimeout(() => {
      fail("timeout", `no answer within ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    const abort = () => {
      fail("timeout", "cancelled: the overall deadline passed");
      req.destroy();
    };
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener("abort", abort, { once: true });
    req.on("error", (err: NodeJS.ErrnoException) => fail(...classify(err)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Maps a socket error to a kind and a message that contains no URL. */
function classify(err: NodeJS.ErrnoException): [NetErrorKind, string, string | undefined] {
  const code = err.code ?? "";
  if (code === "ECONNREFUSED") return ["refused", "connection refused", code];
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NODATA") return ["dns", "host name not found", code];
  if (code === "ECONNRESET" || code === "EPIPE" || code === "ECONNABORTED") return ["reset", "connection reset", code];
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "EADDRNOTAVAIL") return ["unreachable", "host unreachable", code];
  if (code === "ETIMEDOUT") return ["timeout", "connection timed out", code];
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/.test(code) || /certificate|ssl|tls/i.test(err.message)) {
    return ["tls", `TLS error ${code || ""}`.trim(), code || undefined];
  }
  return ["other", `request failed${code ? ` (${code})` : ""}`, code || undefined];
}
