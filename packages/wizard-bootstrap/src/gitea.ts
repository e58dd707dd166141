import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { httpRequest, registerSecret, safeOrigin } from "@wizard-council/kit";
import type { Check, CheckContext, Outcome } from "./check.ts";

/** Where the Gitea token came from: a variable, or the token file. */
interface GiteaToken {
  value: string;
  source: string;
}

/** `GITEA_TOKEN` (env or .env), else the first line of `$HERMES_HOME/gitea_token`; registered as a secret either way. */
export async function readGiteaToken(ctx: CheckContext): Promise<GiteaToken | undefined> {
  const fromEnv = ctx.hostEnv().get("GITEA_TOKEN");
  if (fromEnv) {
    ctx.secrets.add(fromEnv);
    return { value: fromEnv, source: "GITEA_TOKEN" };
  }
  const path = join(ctx.hermesHome, "gitea_token");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
  }
  const value = text.split(/\r?\n/)[0]!.trim();
  if (!value) return undefined;
  registerSecret(value);
  ctx.secrets.add(value);
  return { value, source: path };
}

/** `gitea_auth`: `GET <GITEA_URL>/api/v1/user` with `Authorization: token …` answers with a login. */
export function giteaCheck(required: boolean): Check {
  return { id: "gitea_auth", title: "Gitea token", required, network: true, run: checkGitea };
}

async function checkGitea(ctx: CheckContext): Promise<Outcome> {
  const url = ctx.hostEnv().get("GITEA_URL");
  const token = await readGiteaToken(ctx);
  const tokenHelp = `put a Gitea access token in GITEA_TOKEN or ${join(ctx.hermesHome, "gitea_token")} (chmod 600)`;
  if (!url) return { status: "fail", message: "GITEA_URL is not set", fix: `set GITEA_URL in ${ctx.hostEnv().dotenvPath}`, data: { reason: "not_configured" } };
  if (!token) return { status: "fail", message: "no Gitea token: GITEA_TOKEN is not set and there is no gitea_token file", fix: tokenHelp, data: { reason: "not_configured" } };
  if (!isHttpUrl(url)) return { status: "fail", message: "GITEA_URL is not an http(s) URL", fix: "set GITEA_URL to the Gitea base URL, e.g. https://forge.example.org", data: { reason: "not_configured" } };
  const server = safeOrigin(url);
  if (ctx.offline) return { status: "skip", message: `offline: ${server} not contacted`, data: { reason: "offline", url: server, tokenSource: token.source } };

  const res = await httpRequest(`${url.replace(/\/+$/, "")}/api/v1/user`, {
    headers: { authorization: `token ${token.value}`, accept: "application/json" },
    timeoutMs: ctx.timeoutMs,
  });
  const data = { url: server, tokenSource: token.source };
  if (!res.ok) {
    return { status: "error", message: `unreachable: ${res.message}`, fix: `check GITEA_URL and this host's network (DNS, firewall)`, data: { ...data, reason: "unreachable", kind: res.kind } };
  }
  if (res.status === 401 || res.status === 403) {
    return { status: "fail", message: `token rejected (HTTP ${res.status})`, fix: `create a new token in Gitea (Settings → Applications); ${tokenHelp}`, data: { ...data, reason: "auth_rejected", httpStatus: res.status } };
  }
  if (res.status >= 500) {
    return { status: "error", message: `server problem: HTTP ${res.status}`, fix: `check the Gitea server at ${server}`, data: { ...data, reason: "server_error", httpStatus: res.status } };
  }
  if (res.status !== 200) {
    return { status: "error", message: `unexpected HTTP ${res.status} from /api/v1/user`, fix: "check that GITEA_URL is the Gitea base URL (without /api/v1)", data: { ...data, reason: "bad_response", httpStatus: res.status } };
  }
  let login: unknown;
  try {
    login = (JSON.parse(res.body) as { login?: unknown }).login;
  } catch {
    return { status: "error", message: "bad response: /api/v1/user did not return JSON", fix: "check that GITEA_URL points at Gitea", data: { ...data, reason: "bad_response", httpStatus: 200 } };
  }
  if (typeof login !== "string" || login === "") {
    return { status: "error", message: "bad response: /api/v1/user has no login", fix: "check that GITEA_URL points at Gitea", data: { ...data, reason: "bad_response", httpStatus: 200 } };
  }
  return { status: "ok", message: `authenticated as ${login} at ${server}`, data: { ...data, login } };
}

/** True for an absolute http(s) URL: anything else is a configuration mistake, not an unreachable server. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}
