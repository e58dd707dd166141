import { existsSync } from "node:fs";
import type { CheckResult } from "../snapshot.ts";
import { openDatabase } from "../sqlite.ts";

type Outcome = Omit<CheckResult, "id">;

/** The database check: the observatory DB opens and answers (warn when this run created it). */
export async function checkDatabase(existed: boolean, countSnapshots: () => number | Promise<number>): Promise<Outcome> {
  let n: number;
  try {
    n = await countSnapshots();
  } catch (err) {
    return { status: "error", message: `observatory DB does not answer: ${err instanceof Error ? err.message : String(err)}`, value: null, unit: null };
  }
  if (!existed) return { status: "warn", message: "observatory DB not created yet (created by this run)", value: n, unit: "snapshots" };
  return { status: "ok", message: `observatory DB answers (${n} snapshots)`, value: n, unit: "snapshots" };
}

/** The response_store_db check: hermes' response store (if present) opens; value is its response count. */
export async function checkResponseStore(path: string): Promise<Outcome> {
  if (!existsSync(path)) return { status: "skip", message: `no response store at ${path}`, value: null, unit: null };
  let db: ReturnType<typeof openDatabase> | undefined;
  try {
    db = openDatabase(path, { readonly: true, fileMustExist: true, timeout: 2000 });
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'responses'").get();
    if (!table) {
      db.prepare("SELECT count(*) FROM sqlite_master").get();
      return { status: "ok", message: `response store opens (no responses table yet)`, value: 0, unit: "responses" };
    }
    const { n } = db.prepare("SELECT count(*) AS n FROM responses").get() as { n: number };
    return { status: "ok", message: `response store opens (${n} responses)`, value: n, unit: "responses" };
  } catch (err) {
    return { status: "error", message: `response store ${path} does not open: ${err instanceof Error ? err.message : String(err)}`, value: null, unit: null };
  } finally {
    db?.close();
  }
}
