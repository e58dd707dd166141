import { basename } from "node:path";
import { loadHostEnv, TelegramClient, ToolError } from "@wizard-council/kit";
import { deliver, type DeliveryResult } from "./delivery.ts";
import type { AuditDocument } from "./document.ts";
import { renderTelegramSummary } from "./telegram-summary.ts";

/** Knobs tests turn: an instant `sleep` for 429 back-off, a short timeout. */
export interface TelegramTestOptions {
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  maxRetries?: number;
}

/** What {@link postAudit} needs: the month's audit, where it was written, and the host's environment. */
export interface PostInput {
  doc: AuditDocument;
  markdown: string;
  hermesHome: string;
  env: NodeJS.ProcessEnv;
  outDir: string;
  now: Date;
  reportPath: string;
  testing?: TelegramTestOptions;
}

/**
 * Posts the HTML summary and the report file to Telegram (outbox first). Called after the
 * files are written, so "no token configured" (exit 2) still leaves the report on disk.
 */
export async function postAudit(input: PostInput): Promise<DeliveryResult> {
  const hostEnv = loadHostEnv(input.hermesHome, input.env);
  const token = hostEnv.get("TELEGRAM_BOT_TOKEN");
  const chatId = hostEnv.get("TELEGRAM_CHAT_ID") ?? hostEnv.get("WIZARD_COUNCIL_CHAT_ID");
  if (!token || !chatId) {
    const missing = [!token ? "TELEGRAM_BOT_TOKEN" : undefined, !chatId ? "TELEGRAM_CHAT_ID (or WIZARD_COUNCIL_CHAT_ID)" : undefined].filter(Boolean).join(" and ");
    throw new ToolError(
      "TELEGRAM_NOT_CONFIGURED",
      `--post-telegram needs ${missing} in the environment or ${hostEnv.dotenvPath}; the report was written to ${input.reportPath} but not posted`,
      { path: hostEnv.dotenvPath },
    );
  }
  const client = new TelegramClient({
    token,
    apiBase: hostEnv.get("TELEGRAM_API_BASE") ?? "https://api.telegram.org",
    ...(input.testing?.sleep ? { sleep: input.testing.sleep } : {}),
    ...(input.testing?.timeoutMs ? { timeoutMs: input.testing.timeoutMs } : {}),
    ...(input.testing?.maxRetries !== undefined ? { maxRetries: input.testing.maxRetries } : {}),
  });
  return deliver(client, chatId, input.outDir, {
    schema: "wizard-council/monthly-audit-outbox@1",
    month: input.doc.period,
    createdAt: input.now.toISOString(),
    html: renderTelegramSummary(input.doc),
    messageSent: false,
    document: { filename: basename(input.reportPath), content: input.markdown },
  });
}
