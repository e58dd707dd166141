import { readdirSync, readFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomicSync } from "@wizard-council/kit";

/** One undelivered post: the summary (unless already sent) and the report file. Never holds the token or chat id. */
export interface OutboxItem {
  schema: "wizard-council/monthly-audit-outbox@1";
  month: string;
  createdAt: string;
  html: string;
  /** The summary went out but the document did not: only the document is retried. */
  messageSent: boolean;
  document: { filename: string; content: string };
}

/** An item found in the outbox folder, or a file there that is not one (left in place, reported). */
export type OutboxEntry = { path: string; item: OutboxItem } | { path: string; problem: string };

/** `<out>/outbox`. */
export function outboxDir(outDir: string): string {
  return join(outDir, "outbox");
}

/** The queued items, oldest first (file names start with the creation time). */
export function listOutbox(dir: string): OutboxEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json")).sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    const path = join(dir, name);
    try {
      const item = JSON.parse(readFileSync(path, "utf8")) as OutboxItem;
      if (item.schema !== "wizard-council/monthly-audit-outbox@1" || typeof item.html !== "string" || typeof item.document?.content !== "string") {
        return { path, problem: "not an outbox item" };
      }
      return { path, item };
    } catch {
      return { path, problem: "unreadable or not valid JSON" };
    }
  });
}

/** Queues an item (mode 0600: the report names hosts and accounts); returns its path. */
export function writeOutbox(dir: string, item: OutboxItem, path?: string): string {
  const target = path ?? join(dir, `${item.createdAt.replace(/[:.]/g, "-")}-${item.month}-${process.pid}.json`);
  writeFileAtomicSync(target, `${JSON.stringify(item)}\n`, { mode: 0o600, mkdir: true });
  return target;
}

/** Removes a delivered item. */
export function removeOutbox(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone: delivered is delivered
  }
}
