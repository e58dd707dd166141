import { readdirSync, readFileSync, statSync, chmodSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isAtomicTempFor, writeCacheFileSync, writeFileAtomicSync } from "../src/fs-atomic.ts";
import { testdir } from "../testing/index.ts";

describe("writeFileAtomicSync", () => {
  it("replaces content and leaves no temp file behind", () => {
    const dir = testdir();
    const p = join(dir, "state.json");
    writeFileAtomicSync(p, "old");
    writeFileAtomicSync(p, "new");
    expect(readFileSync(p, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });

  it("creates secrets with exactly 0600, whatever the umask", () => {
    const dir = testdir();
    const p = join(dir, "outbox.json");
    const old = process.umask(0o000);
    try {
      writeFileAtomicSync(p, "{}", { mode: 0o600 });
    } finally {
      process.umask(old);
    }
    expect(statSync(p).mode & 0o777).toBe(0o600);
  });

  it("keeps an existing file's mode when none is given", () => {
    const dir = testdir();
    const p = join(dir, "a");
    writeFileSync(p, "x");
    chmodSync(p, 0o640);
    writeFileAtomicSync(p, "y");
    expect(statSync(p).mode & 0o777).toBe(0o640);
  });

  it("creates the parent directory when asked", () => {
    const dir = testdir();
    const p = join(dir, "a", "b", "c.json");
    writeFileAtomicSync(p, "1", { mkdir: true });
    expect(readFileSync(p, "utf8")).toBe("1");
  });
});

describe("writeCacheFileSync", () => {
  it("writes 0600 in a new 0700 folder and sweeps temps of killed writers older than a minute, not newer ones", () => {
    const dir = join(testdir(), "cache");
    const file = join(dir, "c.json");
    expect(writeCacheFileSync(file, "one")).toBe(true);
    const old = join(dir, ".c.json.123.abc.tmp");
    const fresh = join(dir, ".c.json.456.def.tmp");
    const other = join(dir, ".other.json.789.ghi.tmp");
    for (const f of [old, fresh, other]) writeFileSync(f, "x");
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(old, twoMinutesAgo, twoMinutesAgo);
    utimesSync(other, twoMinutesAgo, twoMinutesAgo);
    expect(writeCacheFileSync(file, "two")).toBe(true);
    expect(readFileSync(file, "utf8")).toBe("two");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual([".c.json.456.def.tmp", ".other.json.789.ghi.tmp", "c.json"]);
  });

  it("returns false instead of throwing when it cannot write", () => {
    const blocker = join(testdir(), "a-file");
    writeFileSync(blocker, "");
    expect(writeCacheFileSync(join(blocker, "c.json"), "x")).toBe(false);
  });
});

describe("isAtomicTempFor", () => {
  it("recognises exactly the temp names writeFileAtomicSync uses for that target", () => {
    expect(isAtomicTempFor(".state.json.1234.k3j4h5g6.tmp", "/x/state.json")).toBe(true);
    expect(isAtomicTempFor(".state.json.1234.k3j4h5g6.tmp", "state.json")).toBe(true);
    expect(isAtomicTempFor(".other.json.1234.k3j4h5g6.tmp", "state.json")).toBe(false);
    expect(isAtomicTempFor("state.json", "state.json")).toBe(false);
    expect(isAtomicTempFor(".state.json.abc.k3.tmp", "state.json")).toBe(false);
  });
});
