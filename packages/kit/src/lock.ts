import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, constants, linkSync } from "node:fs";
import { hostname } from "node:os";

import { EXIT, ToolError } from "./errors.ts";

export interface LockOptions {
  /** How long to wait for another holder before giving up with exit 75 (default 10 000 ms). */
  waitMs?: number;
  /** A lock older than this is stale even if its pid looks alive (pid reuse, other host). Default 60 000 ms. */
  staleMs?: number;
}

/** A held lock; `release()` removes it only if it is still ours. */
export interface Lock {
  readonly path: string;
  release(): void;
}

interface LockRecord {
  pid: number;
  host: string;
  createdAt: string;
  nonce: string;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Takes a cross-process lock: an O_EXCL lock file holding pid, host and time. A lock whose
 * pid is dead (same host) or that is older than `staleMs` is taken over; the takeover moves the
 * file aside and checks it moved the stale record it judged, so two waiters cannot both evict.
 * Waits with jittered backoff up to `waitMs`, then throws LOCK_TIMEOUT (exit 75: safe to retry).
 */
export function acquireLockSync(path: string, options: LockOptions = {}): Lock {
  const waitMs = options.waitMs ?? 10_000;
  const staleMs = options.staleMs ?? 60_000;
  const record: LockRecord = { pid: process.pid, host: hostname(), createdAt: new Date().toISOString(), nonce: `${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}` };
  const body = JSON.stringify(record);
  const deadline = Date.now() + waitMs;
  let delay = 1;
  for (;;) {
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        writeSync(fd, body);
      } finally {
        closeSync(fd);
      }
      return { path, release: () => releaseIfOurs(path, record.nonce) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") {
        throw new ToolError("LOCK_FAILED", `cannot create lock file: ${code ?? String(err)}`, { path });
      }
    }
    const held = readRecord(path);
    if (held && (held.record ? isStale(held.record, staleMs) : isAbandoned(path))) {
      evictStale(path, held.raw);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = held?.record ? ` by pid ${held.record.pid} since ${held.record.createdAt}` : "";
      throw new ToolError("LOCK_TIMEOUT", `lock is held${who}; gave up after ${waitMs} ms`, { path, exitCode: EXIT.TEMPFAIL });
    }
    sleepSync(Math.min(delay + Math.random() * delay, Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 25);
  }
}

/** Runs `fn` while holding the lock at `path`. */
export function withLockSync<T>(path: string, fn: () => T, options?: LockOptions): T {
  const lock = acquireLockSync(path, options);
  try {
    return fn();
  } finally {
    lock.release();
  }
}

function readRecord(path: string): { raw: string; record: LockRecord | undefined } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch {
    return undefined; // released between our open and read: just retry
  }
  try {
    return { raw, record: JSON.parse(raw) as LockRecord };
  } catch {
    // A holder killed between create and write leaves an empty/partial file: treat by age only.
    return { raw, record: undefined };
  }
}

function isStale(record: LockRecord, staleMs: number): boolean {
  const age = Date.now() - Date.parse(record.createdAt);
  if (Number.isFinite(age) && age > staleMs) return true;
  if (record.host !== hostname()) return false;
  return !isAlive(record.pid);
}

/** An unparseable lock file (holder killed between create and write) is abandoned after 2 s. */
function isAbandoned(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > 2_000;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function evictStale(path: string, judged: string): void {
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else evicted it first
  }
  let moved = "";
  try {
    moved = readFileSync(aside, "utf8");
  } catch {
    // unreadable: fall through and drop it
  }
  if (moved !== judged) {
    // We moved a fresh lock that replaced the stale one after we read it: put it back.
    try {
      linkSync(aside, path);
    } catch {
      // a third process got in meanwhile; the displaced holder's release() will not remove theirs
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // gone
  }
}

function releaseIfOurs(path: string, nonce: string): void {
  const held = readRecord(path);
  if (held?.record?.nonce !== nonce) return;
  try {
    unlinkSync(path);
  } catch {
    // already removed
  }
}
