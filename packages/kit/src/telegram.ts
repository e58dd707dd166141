
import { httpRequest, type HttpResult } from "./http.ts";

/** Telegram's limit for a message's text, counted in UTF-16 code units (as JavaScript's `length`). */
export const TELEGRAM_MESSAGE_LIMIT = 4096;
export const DEFAULT_TELEGRAM_API_BASE = "https://api.telegram.org";

export interface TelegramOptions {
  token: string;
  /** Default: `TELEGRAM_API_BASE` from `env`, else https://api.telegram.org. */
  apiBase?: string;
  /** Where `TELEGRAM_API_BASE` is read when `apiBase` is not given (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Retries after a 429 (default 3). */
  maxRetries?: number;
  /** A `retry_after` longer than this is not waited for (default 30 s): a cron job must not hang. */
  maxRetryAfterS?: number;
  /** Injected for tests (clock mocking). */
  sleep?: (ms: number) => Promise<void>;
}

/** Why a call failed: `auth_rejected` (401/403/404 bad token) is not `unreachable` (no answer at all). */
export type TelegramErrorKind = "auth_rejected" | "unreachable" | "rate_limited" | "api_error" | "bad_response";

/** A failed Bot API call; the message never contains the token. */
export class TelegramError extends Error {
  readonly kind: TelegramErrorKind;
  readonly status: number | undefined;
  readonly retryAfterS: number | undefined;
  constructor(kind: TelegramErrorKind, message: string, status?: number, retryAfterS?: number) {
    super(message);
    this.name = "TelegramError";
    this.kind = kind;
    this.status = status;
    this.retryAfterS = retryAfterS;
  }
}

/** Escapes text for Telegram's HTML parse mode (only `&`, `<`, `>` are special; quotes in attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Fits text into Telegram's limit, cutting at the last line boundary that fits and appending "…".
 * Counts UTF-16 units as Telegram does; never splits a surrogate pair or an HTML entity.
 */
export function fitTelegramText(text: string, limit = TELEGRAM_MESSAGE_LIMIT): string {
  if (text.length <= limit) return text;
  const room = limit - 2; // "\n…"
  let cut = text.lastIndexOf("\n", room);
  if (cut <= 0) {
    cut = room;
    if (isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
    const amp = text.lastIndexOf("&", cut);
    if (amp !== -1 && amp > cut - 10 && !text.slice(amp, cut).includes(";")) cut = amp;
  }
  return `${text.slice(0, cut)}\n…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

interface ApiEnvelope {
  ok?: boolean;
  result?: unknown;
  description?: string;
  error_code?: number;
  parameters?: { retry_after?: number };
}

/** A minimal Telegram Bot API client: getMe, sendMessage, sendDocument, with bounded 429 retries. */
export class TelegramClient {
  readonly #token: string;
  readonly #base: string;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #maxRetryAfterS: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: TelegramOptions) {
    this.#token = options.token;
    this.#base = (options.apiBase || (options.env ?? process.env).TELEGRAM_API_BASE || DEFAULT_TELEGRAM_API_BASE).replace(/\/+$/, "");
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxRetries = options.maxRetries ?? 3;
    this.#maxRetryAfterS = options.maxRetryAfterS ?? 30;
    this.#sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The bot's identity; `username` proves the token works. */
  async getMe(): Promise<{ id: number; username?: string; first_name?: string }> {
    return (await this.#call("getMe", undefined)) as { id: number; username?: string };
  }

  /** Sends an HTML message, fitted to the 4096 limit. */
  async sendMessage(chatId: string | number, html: string, options: { disablePreview?: boolean } = {}): Promise<{ message_id: number }> {
    const body = JSON.stringify({ chat_id: chatId, text: fitTelegramText(html), parse_mode: "HTML", disable_web_page_preview: options.disablePreview ?? true });
    return (await this.#call("sendMessage", { body, contentType: "application/json" })) as { message_id: number };
  }

  /** Uploads a file as a document (multipart/form-data). */
  async sendDocument(chatId: string | number, file: { filename: string; content: string | Uint8Array; contentType?: string }, caption?: string): Promise<{ message_id: number }> {
    const boundary = `----wizard-council-${`${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`}`;
    const parts: Buffer[] = [];
    const field = (name: string, value: string) =>
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    field("chat_id", String(chatId));
    if (caption) {
      field("caption", fitTelegramText(caption, 1024));
      field("parse_mode", "HTML");
    }
    const safeName = file.filename.replace(/["\r\n]/g, "_");
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="${safeName}"\r\nContent-Type: ${file.contentType ?? "text/markdown"}\r\n\r\n`));
    parts.push(typeof file.content === "string" ? Buffer.from(file.content) : Buffer.from(file.content));
    parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
    return (await this.#call("sendDocument", { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` })) as { message_id: number };
  }

  async #call(method: string, payload: { body: string | Uint8Array; contentType: string } | undefined): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const res: HttpResult = await httpRequest(`${this.#base}/bot${this.#token}/${method}`, {
        method: payload ? "POST" : "GET",
        timeoutMs: this.#timeoutMs,
        ...(payload ? { body: payload.body, headers: { "content-type": payload.contentType } } : {}),
      });
      if (!res.ok) throw new TelegramError("unreachable", `Telegram ${method}: ${this.#redact(res.message)}`);
      let env: ApiEnvelope;
      try {
        env = JSON.parse(res.body) as ApiEnvelope;
      } catch {
        throw new TelegramError("bad_response", `Telegram ${method}: HTTP ${res.status} with a body that is not JSON`, res.status);
      }
      if (res.status === 200 && env.ok === true) return env.result;
      const description = this.#redact(env.description ?? `HTTP ${res.status}`);
      if (res.status === 429) {
        const retryAfter = Number(env.parameters?.retry_after ?? 1);
        if (attempt < this.#maxRetries && retryAfter <= this.#maxRetryAfterS) {
          await this.#sleep(Math.max(0, retryAfter) * 1000);
          continue;
        }
        throw new TelegramError("rate_limited", `Telegram ${method}: rate limited (retry after ${retryAfter} s)`, 429, retryAfter);
      }
      if (res.status === 401 || res.status === 404) {
        throw new TelegramError("auth_rejected", `Telegram ${method}: token rejected (HTTP ${res.status}: ${description})`, res.status);
      }
      if (res.status === 403) {
        throw new TelegramError("auth_rejected", `Telegram ${method}: forbidden (HTTP 403: ${description})`, res.status);
      }
      throw new TelegramError("api_error", `Telegram ${method}: HTTP ${res.status}: ${description}`, res.status);
    }
  }

  #redact(text: string): string {
    return this.#token ? text.split(this.#token).join("***") : text;
  }
}
