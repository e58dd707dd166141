import { DEFAULT_TELEGRAM_API_BASE, safeOrigin, TelegramClient } from "@wizard-council/kit";
import type { Check, CheckContext, Outcome } from "./check.ts";
import { isHttpUrl } from "./gitea.ts";

/** `telegram_bot`: `TELEGRAM_BOT_TOKEN` is set and a live `getMe` names the bot. */
export function telegramBotCheck(required: boolean): Check {
  return { id: "telegram_bot", title: "Telegram bot token", required, network: true, run: checkBot };
}

async function checkBot(ctx: CheckContext): Promise<Outcome> {
  const host = ctx.hostEnv();
  const token = host.get("TELEGRAM_BOT_TOKEN");
  if (!token) return { status: "fail", message: "TELEGRAM_BOT_TOKEN is not set", fix: `create a bot with @BotFather and set TELEGRAM_BOT_TOKEN in ${host.dotenvPath}`, data: { reason: "not_configured" } };
  ctx.secrets.add(token);
  const apiBase = host.get("TELEGRAM_API_BASE") ?? DEFAULT_TELEGRAM_API_BASE;
  if (!isHttpUrl(apiBase)) return { status: "fail", message: "TELEGRAM_API_BASE is not an http(s) URL", fix: `unset TELEGRAM_API_BASE to use ${DEFAULT_TELEGRAM_API_BASE}, or set it to a full URL`, data: { reason: "not_configured" } };
  const server = safeOrigin(apiBase);
  if (ctx.offline) return { status: "skip", message: `offline: ${server} not contacted`, data: { reason: "offline", url: server } };
  // No 429 retries: a doctor reports the answer it got within its timeout instead of sleeping on it.
  const client = new TelegramClient({ token, apiBase, timeoutMs: ctx.timeoutMs, maxRetries: 0 });
  try {
    const me = await client.getMe();
    if (typeof me?.username !== "string" || me.username === "") {
      return { status: "error", message: "bad response: getMe returned no username", fix: "check TELEGRAM_API_BASE", data: { url: server, reason: "bad_response" } };
    }
    return { status: "ok", message: `bot @${me.username}`, data: { url: server, username: me.username } };
  } catch (err) {
    const kind = (err as { kind?: string }).kind;
    const message = err instanceof Error ? err.message : String(err);
    const status = (err as { status?: number }).status;
    const data = { url: server, reason: kind ?? "error", ...(status ? { httpStatus: status } : {}) };
    if (kind === "auth_rejected") return { status: "fail", message: `token rejected (HTTP ${status})`, fix: "get the token again from @BotFather (/token) and update TELEGRAM_BOT_TOKEN", data };
    if (kind === "unreachable") return { status: "error", message: `unreachable: ${message.replace(/^Telegram getMe: /, "")}`, fix: "check TELEGRAM_API_BASE and this host's network (DNS, firewall)", data };
    if (kind === "bad_response") return { status: "error", message: `bad response: ${message.replace(/^Telegram getMe: /, "")}`, fix: "check TELEGRAM_API_BASE", data };
    if (kind === "rate_limited") return { status: "error", message: "rate limited by Telegram; try again later", fix: "wait and run again", data };
    if (status !== undefined && status >= 500) return { status: "error", message: `server problem: HTTP ${status}`, fix: "Telegram is having trouble; run again later", data: { ...data, reason: "server_error" } };
    return { status: "error", message: message.replace(/^Telegram getMe: /, ""), fix: "check TELEGRAM_API_BASE", data };
  }
}

/** `telegram_chat`: a home/alert chat id is configured in one of the contract's variables (first set wins). */
export function telegramChatCheck(required: boolean, names: readonly string[]): Check {
  return {
    id: "telegram_chat",
    title: "Telegram chat id",
    required,
    network: false,
    async run(ctx) {
      const host = ctx.hostEnv();
      const name = names.find((n) => host.sourceOf(n) !== undefined);
      if (!name) return { status: "fail", message: `none of ${names.join(", ")} is set`, fix: `set ${names[0]} in ${host.dotenvPath} to the chat's id (e.g. -1001234567890)`, data: { variables: [...names] } };
      const value = host.get(name)!;
      const source = host.sourceOf(name) === "env" ? "environment" : host.dotenvPath;
      if (!/^-?\d+$/.test(value) && !/^@[A-Za-z][A-Za-z0-9_]{4,}$/.test(value)) {
        return { status: "warn", message: `${name} (from ${source}) does not look like a chat id (a number or @channel)`, fix: `set ${name} to the numeric chat id`, data: { variable: name, source: host.sourceOf(name) } };
      }
      return { status: "ok", message: `${name} (from ${source})`, data: { variable: name, source: host.sourceOf(name) } };
    },
  };
}
