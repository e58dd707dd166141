import { closeSync, constants, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
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

interface Held {
  raw: string;
  record: { pid?: unknown; host?: unknown; createdAt?: unknown; nonce?: unknown } | undefined;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** A lock file with no record yet (holder killed between create and write) is abandoned after this. */
const ABANDONED_MS = 2_000;
/** An eviction guard is held for one read and one unlink; one this old was left behind whatever its pid says. */
const GUARD_STALE_MS = 10_000;

/**
 * Takes a cross-process lock: an O_EXCL lock file holding pid, host, time and a nonce. A lock
 * whose pid is dead (same host), or older than `staleMs`, is taken over — only ever by unlinking
 * it, under a short-lived `<lock>.evict` guard, after checking it still holds the record judged
 * stale, so a live lock is never moved or removed. Waits with jittered backoff up to `waitMs`,
 * then throws LOCK_TIMEOUT (exit 75: safe to retry).
 */
export function acquireLockSync(path: string, options: LockOptions = {}): Lock {
  const waitMs = options.waitMs ?? 10_000;
  const staleMs = options.staleMs ?? 60_000;
  const nonce = `${process.pid}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const body = JSON.stringify({ pid: process.pid, host: hostname(), createdAt: new Date().toISOString(), nonce });
  const deadline = Date.now() + waitMs;
  let delay = 1;
  for (;;) {
    if (createExclusive(path, body)) return { path, release: () => releaseIfOurs(path, nonce) };
    const held = readHeld(path);
    if (held && isStale(path, held, staleMs) && evictUnderGuard(path, held.raw)) continue;
    if (Date.now() >= deadline) {
      const pid = held?.record?.pid;
      const who = pid !== undefined ? ` by pid ${String(pid)} since ${String(held?.record?.createdAt)}` : "";
      throw new ToolError("LOCK_TIMEOUT", `lock is held${who}; gave up after ${waitMs} ms`, { path, exitCode: EXIT.TEMPFAIL });
    }
    Atomics.wait(sleeper, 0, 0, Math.min(delay + Math.random() * delay, Math.max(1, deadline - Date.now())));
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

function createExclusive(path: string, body: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    throw new ToolError("LOCK_FAILED", `cannot create lock file: ${code ?? String(err)}`, { path });
  }
  try {
    writeSync(fd, body);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHeld(path: string): Held | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch {
    return undefined; // released meanwhile: try again
  }
  try {
    return { raw, record: JSON.parse(raw) as Held["record"] };
  } catch {
    return { raw, record: undefined }; // holder killed between create and write
  }
}

function isStale(path: string, held: Held, staleMs: number): boolean {
  if (!held.record) return ageMs(path) > ABANDONED_MS;
  const age = Date.now() - Date.parse(String(held.record.createdAt));
  if (Number.isFinite(age) && age > staleMs) return true;
  return held.record.host === hostname() && !isAlive(held.record.pid);
}

/**
 * Removes the stale lock only if it still holds `judged`; true when the caller should retry at
 * once. The guard makes check-and-unlink exclusive among evicters (nothing else can change an
 * existing lock file: its holder is dead and O_EXCL cannot replace it). A guard left by an
 * evicter that died is cleared once its pid is gone (an unwritten one after 2 s, any after 10 s).
 */
function evictUnderGuard(path: string, judged: string): boolean {
  const guard = `${path}.evict`;
  if (!createExclusive(guard, JSON.stringify({ pid: process.pid }))) {
    const held = readHeld(guard);
    const age = ageMs(guard);
    const dead = held !== undefined && (age > GUARD_STALE_MS || (held.record ? !isAlive(held.record.pid) : age > ABANDONED_MS));
    if (dead) unlinkQuietly(guard);
    return dead;
  }
  try {
    if (readHeld(path)?.raw === judged) unlinkQuietly(path);
  } finally {
    unlinkQuietly(guard);
  }
  return true;
}

function releaseIfOurs(path: string, nonce: string): void {
  if (readHeld(path)?.record?.nonce === nonce) unlinkQuietly(path);
}

function isAlive(pid: unknown): boolean {
  if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
