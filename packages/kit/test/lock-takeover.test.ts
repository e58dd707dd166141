import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { testdir } from "../testing/index.ts";
import { describe, expect, it } from "vitest";
import { acquireLockSync } from "../src/lock.ts";

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

const record = (pid: number, createdAt = new Date()) => JSON.stringify({ pid, host: hostname(), createdAt: createdAt.toISOString(), nonce: `n${pid}` });

function lockTimeout(path: string, waitMs = 200): { code?: string; exitCode?: number } {
  try {
    acquireLockSync(path, { waitMs }).release();
  } catch (err) {
    return err as { code: string; exitCode: number };
  }
  return {};
}

function backdate(path: string, seconds: number): void {
  const t = new Date(Date.now() - seconds * 1000);
  utimesSync(path, t, t);
}

describe("acquireLockSync takeover rules", () => {
  it("takes a free lock, writes its own record, and release removes it", () => {
    const path = join(testdir(), "state.json.lock");
    const lock = acquireLockSync(path, { waitMs: 1000 });
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it("waits for a live holder and gives up with LOCK_TIMEOUT (exit 75), leaving its lock alone", () => {
    const path = join(testdir(), "state.json.lock");
    const held = record(process.pid);
    writeFileSync(path, held);
    expect(lockTimeout(path)).toMatchObject({ code: "LOCK_TIMEOUT", exitCode: 75 });
    expect(readFileSync(path, "utf8")).toBe(held);
  });

  it("takes over the lock of a dead holder at once", () => {
    const path = join(testdir(), "state.json.lock");
    const pid = deadPid();
    writeFileSync(path, record(pid));
    const lock = acquireLockSync(path, { waitMs: 1000 });
    expect(JSON.parse(readFileSync(path, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("takes over a live holder's lock only once it is older than staleMs", () => {
    const path = join(testdir(), "state.json.lock");
    writeFileSync(path, record(process.pid, new Date(Date.now() - 5_000)));
    expect(() => acquireLockSync(path, { waitMs: 100, staleMs: 60_000 })).toThrow(/gave up/);
    acquireLockSync(path, { waitMs: 100, staleMs: 1_000 }).release();
    expect(existsSync(path)).toBe(false);
  });

  it("treats an unwritten lock file (holder killed between create and write) as held for 2 s, then abandoned", () => {
    const path = join(testdir(), "state.json.lock");
    writeFileSync(path, "");
    expect(lockTimeout(path).code).toBe("LOCK_TIMEOUT");
    backdate(path, 3);
    acquireLockSync(path, { waitMs: 1000 }).release();
  });

  it("clears an eviction guard left by a dead evicter, then evicts", () => {
    const path = join(testdir(), "state.json.lock");
    writeFileSync(path, record(deadPid()));
    writeFileSync(`${path}.evict`, JSON.stringify({ pid: deadPid() }));
    acquireLockSync(path, { waitMs: 1000 }).release();
    expect(existsSync(`${path}.evict`)).toBe(false);
  });

  it("does not evict while a live evicter holds the guard, and clears a guard older than 10 s", () => {
    const path = join(testdir(), "state.json.lock");
    writeFileSync(path, record(deadPid()));
    writeFileSync(`${path}.evict`, JSON.stringify({ pid: process.pid }));
    expect(lockTimeout(path).code).toBe("LOCK_TIMEOUT");
    backdate(`${path}.evict`, 11);
    acquireLockSync(path, { waitMs: 1000 }).release();
  });

  it("release never removes a lock that is no longer ours", () => {
    const path = join(testdir(), "state.json.lock");
    const lock = acquireLockSync(path, { waitMs: 1000 });
    const theirs = record(process.pid);
    writeFileSync(path, theirs);
    lock.release();
    expect(readFileSync(path, "utf8")).toBe(theirs);
  });
});
