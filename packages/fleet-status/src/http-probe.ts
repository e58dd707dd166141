import { httpRequest, redactUrl } from "@wizard-council/kit";
import type { ProbeResult } from "./probe-result.ts";

export interface HttpProbeOptions {
  timeoutMs: number;
  slowMs: number;
}

// Health and version answers are small; a probe has no reason to hold megabytes.
const MAX_BODY = 64 * 1024;

/** GETs a health URL: up on 2xx/3xx, down with the reason (refused, timeout, HTTP 503, TLS, DNS). */
export async function probeHttp(probe: "gateway" | "webhook" | "http", url: string, opts: HttpProbeOptions): Promise<ProbeResult> {
  const res = await httpRequest(url, { timeoutMs: opts.timeoutMs, maxBytes: MAX_BODY });
  const base = { probe, target: redactUrl(url), latencyMs: res.latencyMs };
  if (!res.ok) return { ...base, up: false, slow: false, failure: res.kind, reason: networkReason(res.kind, res.message) };
  if (res.status >= 200 && res.status < 400) return { ...base, up: true, slow: res.latencyMs > opts.slowMs, httpStatus: res.status };
  return { ...base, up: false, slow: false, httpStatus: res.status, failure: "http", reason: `HTTP ${res.status}` };
}

/** GETs `<url>/api/v1/version`: up with the version when Gitea answers `{"version": "..."}`. */
export async function probeGitea(url: string, opts: HttpProbeOptions): Promise<ProbeResult> {
  const endpoint = giteaVersionUrl(url);
  const res = await httpRequest(endpoint, { timeoutMs: opts.timeoutMs, maxBytes: MAX_BODY, headers: { accept: "application/json" } });
  const base = { probe: "gitea" as const, target: redactUrl(endpoint), latencyMs: res.latencyMs };
  if (!res.ok) return { ...base, up: false, slow: false, failure: res.kind, reason: networkReason(res.kind, res.message) };
  if (res.status < 200 || res.status >= 300) return { ...base, up: false, slow: false, httpStatus: res.status, failure: "http", reason: `HTTP ${res.status}` };
  const version = parseVersion(res.body);
  if (!version) return { ...base, up: false, slow: false, httpStatus: res.status, failure: "not_gitea", reason: "answer is not a Gitea version (expected JSON with a version)" };
  return { ...base, up: true, slow: res.latencyMs > opts.slowMs, httpStatus: res.status, version };
}

/** The version endpoint under a Gitea base URL, keeping a sub-path install (`https://host/git`). */
export function giteaVersionUrl(url: string): string {
  const u = new URL(url);
  u.pathname = `${u.pathname.replace(/\/+$/, "")}/api/v1/version`;
  u.search = "";
  u.hash = "";
  return u.toString();
}

function parseVersion(body: string): string | undefined {
  try {
    const v = (JSON.parse(body) as { version?: unknown }).version;
    // A version is short and printable; anything else is not trusted into the report.
    return typeof v === "string" && /^[\w.+~-]{1,64}$/.test(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function networkReason(kind: string, message: string): string {
  switch (kind) {
    case "refused": return "connection refused";
    case "timeout": return message.replace(/\s*\(.*\)$/, "").replace(/^no answer/, "timeout: no answer");
    case "dns": return "DNS: host name not found";
    case "tls": return message.replace(/\s*\(.*\)$/, "");
    default: return message.replace(/\s*\(.*\)$/, "");
  }
}
