import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireLockSync, withLockSync } from "../src/lock.ts";
import { isToolError } from "../src/errors.ts";
import { testdir } from "../testing/index.ts";

let bundles: string;
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

beforeAll(() => {
  // The workers run the real lock.ts: bundle them once to plain JS for `node`.
  bundles = mkdtempSync(join(tmpdir(), "wc-lock-bundles-"));
  buildSync({ entryPoints: [fixture("lock-worker.ts"), fixture("lock-holder.ts")], bundle: true, platform: "node", format: "esm", outdir: bundles, logLevel: "silent" });
});
afterAll(() => rmSync(bundles, { recursive: true, force: true }));

function runNode(script: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(bundles, script), ...args], { stdio: "ignore" });
    child.on("close", (code) => resolve(code));
  });
}

describe("acquireLockSync", () => {
  it("serialises read-modify-write across 12 real processes: no update is lost", async () => {
    const dir = testdir();
    const counter = join(dir, "counter");
    writeFileSync(counter, "0");
    const codes = await Promise.all(Array.from({ length: 12 }, () => runNode("lock-worker.js", [counter, "15", "0"])));
    expect(codes).toEqual(Array(12).fill(0));
    expect(readFileSync(counter, "utf8")).toBe("180");
    expect(existsSync(`${counter}.lock`)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["counter"]);
  });

  it("takes over a lock whose holder was SIGKILLed (dead pid) without waiting for the stale age", async () => {
    const dir = testdir();
    const lockPath = join(dir, "state.lock");
    const holder = spawn(process.execPath, [join(bundles, "lock-holder.js"), lockPath], { stdio: ["ignore", "pipe", "ignore"] });
    await new Promise<void>((resolve) => holder.stdout!.once("data", () => resolve()));
    expect(JSON.parse(readFileSync(lockPath, "utf8")).pid).toBe(holder.pid);
    holder.kill("SIGKILL");
    await new Promise((r) => holder.once("close", r));
    const lock = acquireLockSync(lockPath, { waitMs: 2_000, staleMs: 600_000 });
    expect(JSON.parse(readFileSync(lockPath, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lockPath)).toBe(false);
  });

  it("gives up with LOCK_TIMEOUT and exit code 75 while a live process holds the lock", async () => {
    const dir = testdir();
    const lockPath = join(dir, "state.lock");
    const holder = spawn(process.execPath, [join(bundles, "lock-holder.js"), lockPath], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      await new Promise<void>((resolve) => holder.stdout!.once("data", () => resolve()));
      let caught: unknown;
      try {
        acquireLockSync(lockPath, { waitMs: 150 });
      } catch (err) {
        caught = err;
      }
      expect(isToolError(caught)).toBe(true);
      expect(caught).toMatchObject({ code: "LOCK_TIMEOUT", exitCode: 75, path: lockPath });
      expect((caught as Error).message).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill("SIGKILL");
      await new Promise((r) => holder.once("close", r));
    }
  });

  it("treats an empty lock file (holder killed between create and write) as abandoned once it is old", () => {
    const dir = testdir();
    const lockPath = join(dir, "state.lock");
    writeFileSync(lockPath, "");
    const old = new Date(Date.now() - 10_000);
    utimesSync(lockPath, old, old);
    const value = withLockSync(lockPath, () => readFileSync(lockPath, "utf8"), { waitMs: 1_000 });
    expect(JSON.parse(value).pid).toBe(process.pid);
    expect(existsSync(lockPath)).toBe(false);
  });

  it("release() leaves a lock that is no longer ours in place", () => {
    const dir = testdir();
    const lockPath = join(dir, "state.lock");
    const lock = acquireLockSync(lockPath);
    writeFileSync(lockPath, JSON.stringify({ pid: 1, host: "elsewhere", createdAt: new Date().toISOString(), nonce: "theirs" }));
    lock.release();
    expect(JSON.parse(readFileSync(lockPath, "utf8")).nonce).toBe("theirs");
  });
});
