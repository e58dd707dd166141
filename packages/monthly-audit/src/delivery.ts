import { escapeHtml, type TelegramClient } from "@wizard-council/kit";
import { listOutbox, outboxDir, removeOutbox, writeOutbox, type OutboxItem } from "./outbox.ts";

/** What happened to this run's post and to anything queued before it. */
export interface DeliveryResult {
  ok: boolean;
  /** Queued items from earlier runs delivered first. */
  deliveredFromOutbox: number;
  /** Items still in the outbox after this run (including this run's, if it failed). */
  queued: string[];
  /** Outbox files that are not items (left in place). */
  ignored: string[];
  /** Why delivery failed; never contains the token. */
  error?: string;
}

type Sender = Pick<TelegramClient, "sendMessage" | "sendDocument">;

/**
 * Delivers the outbox (oldest first), then this run's summary and report file. The first
 * failure stops delivery: this run's post is queued in `<out>/outbox/` and everything queued
 * stays for the next `--post-telegram` run, so a failed post never loses a report.
 */
export async function deliver(client: Sender, chatId: string, outDir: string, current: OutboxItem): Promise<DeliveryResult> {
  const dir = outboxDir(outDir);
  const entries = listOutbox(dir);
  const ignored = entries.filter((e) => "problem" in e).map((e) => e.path);
  const pending = entries.flatMap((e) => ("item" in e ? [{ path: e.path as string | undefined, item: e.item }] : []));
  pending.push({ path: undefined, item: current });
  let deliveredFromOutbox = 0;
  for (let i = 0; i < pending.length; i++) {
    const entry = pending[i]!;
    try {
      await send(client, chatId, entry.item, () => {
        if (entry.path) writeOutbox(dir, entry.item, entry.path);
      });
      if (entry.path) {
        removeOutbox(entry.path);
        deliveredFromOutbox += 1;
      }
    } catch (err) {
      let error = err instanceof Error ? err.message : String(err);
      const queued: string[] = [];
      for (const e of pending.slice(i)) {
        try {
          queued.push(e.path ?? writeOutbox(dir, e.item));
        } catch (writeErr) {
          // The report files are already on disk; say the post itself could not be kept.
          error += `; could not queue the post in ${dir} (${(writeErr as NodeJS.ErrnoException).code ?? "error"})`;
        }
      }
      return { ok: false, deliveredFromOutbox, queued, ignored, error };
    }
  }
  return { ok: true, deliveredFromOutbox, queued: [], ignored };
}

async function send(client: Sender, chatId: string, item: OutboxItem, onMessageSent: () => void): Promise<void> {
  if (!item.messageSent) {
    await client.sendMessage(chatId, item.html);
    item.messageSent = true;
    onMessageSent();
  }
  await client.sendDocument(chatId, { filename: item.document.filename, content: item.document.content, contentType: "text/markdown" }, `Monthly audit ${escapeHtml(item.month)}`);
}
