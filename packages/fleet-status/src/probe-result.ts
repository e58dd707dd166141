/** Why a probe failed: a network kind from the kit, a bad HTTP status, a non-Gitea answer, or an ssh exit. */
export type FailureKind = "refused" | "timeout" | "dns" | "tls" | "reset" | "unreachable" | "invalid_url" | "too_large" | "other" | "http" | "not_gitea" | "ssh" | "exit" | "no_ssh";

/** The evidence one probe leaves in a member's finding. */
export interface ProbeResult {
  probe: "gateway" | "webhook" | "http" | "gitea" | "ssh";
  /** What was probed, safe to print: a URL without credentials or query, or `ssh <target>`. */
  target: string;
  up: boolean;
  /** Up, but slower than the slow threshold. */
  slow: boolean;
  latencyMs: number;
  httpStatus?: number;
  failure?: FailureKind;
  /** Why the probe is down, in a few words (`connection refused`, `HTTP 503`, `ssh exited 255: ...`). */
  reason?: string;
  /** The Gitea version, for gitea probes that got one. */
  version?: string;
  /** The exit code of the ssh client. */
  exitCode?: number;
  /** The first line the remote command printed (at most 120 characters). */
  output?: string;
}

/** The short detail of one probe for tables and messages: `gateway 200 12ms`, `webhook refused`. */
export function describeProbe(r: ProbeResult): string {
  const ms = `${Math.round(r.latencyMs)}ms`;
  if (!r.up) return `${r.probe} ${r.reason ?? "down"}`;
  if (r.version) return `${r.probe} ${r.version} ${ms}${r.slow ? " slow" : ""}`;
  if (r.httpStatus !== undefined) return `${r.probe} ${r.httpStatus} ${ms}${r.slow ? " slow" : ""}`;
  return `${r.probe} ok ${ms}${r.output ? ` "${r.output}"` : ""}${r.slow ? " slow" : ""}`;
}

/** The first line of a process's output, trimmed, capped and without control characters, for evidence. */
export function firstLine(text: string, max = 120): string {
  // Remote output reaches the operator's terminal: no escape sequences from it.
  // eslint-disable-next-line no-control-regex
  const clean = (l: string) => l.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]/g, "").replace(/[\u0000-\u001F\u007F-\u009F]/g, "").trim();
  const line = text.split(/\r?\n/).map(clean).find((l) => l.length > 0) ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
