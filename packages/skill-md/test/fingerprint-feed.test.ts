import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { fingerprintSkillBoth, listSkillFiles } from "../src/fingerprint.ts";
import { FEED_CAPACITY, FingerprintFeed } from "../src/fingerprint-feed.ts";

/** The plain definition: MD5 over (path, bytes) of each entry, optionally without the junk ones. */
function reference(entries: { rel: string; bytes: Buffer; junk: boolean }[], skipJunk: boolean): string {
  const h = createHash("md5");
  for (const e of entries) if (!(skipJunk && e.junk)) h.update(e.rel, "utf8").update(e.bytes);
  return h.digest("hex");
}

/** Writes each entry to its own file and feeds them all; returns the digests and the sizes addFile reported. */
function feedAll(entries: { rel: string; bytes: Buffer; junk: boolean }[]) {
  const dir = testdir();
  const feed = new FingerprintFeed();
  const sizes = entries.map((e, i) => {
    const abs = join(dir, `f${i}`);
    writeFileSync(abs, e.bytes);
    return feed.addFile(e.rel, abs, e.junk);
  });
  return { ...feed.digests(), sizes };
}

const small = (rel: string, text: string, junk = false) => ({ rel, bytes: Buffer.from(text), junk });
const big = (rel: string, n: number, junk = false) => ({ rel, bytes: randomBytes(n), junk });

describe("FingerprintFeed", () => {
  it.each([
    ["no files", []],
    ["one empty file", [small("a", "")]],
    ["small files", [small("SKILL.md", "---\nname: x\n---\n"), small("a/b", "x"), small("é.md", "é")]],
    ["junk first, between and last", [small("._a", "j"), small("a", "1"), small(".DS_Store", "jj", true), small("b", "2"), small("Thumbs.db", "j", true)]],
    ["one file bigger than the buffer", [small("a", "1"), big("big.bin", FEED_CAPACITY * 2 + 17), small("z", "2")]],
    ["files that fill the buffer exactly", [big("a", FEED_CAPACITY - 1), big("b", FEED_CAPACITY - 1)]],
    ["junk bigger than the buffer, cut by flushes", [small("a", "1"), big("._huge", FEED_CAPACITY * 2 + 5, true), small("b", "2")]],
    ["junk straddling one flush", [big("a", FEED_CAPACITY - 100), big(".DS_Store", 300, true), small("b", "2")]],
    ["a path longer than the buffer", [small("x".repeat(FEED_CAPACITY + 3), "1"), small("b", "2")]],
  ])("%s: both digests equal the plain definition, sizes are exact", (_, entries) => {
    const got = feedAll(entries);
    expect(got.hermes).toBe(reference(entries, false));
    expect(got.clean).toBe(reference(entries, true));
    expect(got.sizes).toEqual(entries.map((e) => e.bytes.length));
  });

  it("throws the read's error naming the file, like a plain open", () => {
    const feed = new FingerprintFeed();
    expect(() => feed.addFile("gone", join(testdir(), "gone"), false)).toThrow(expect.objectContaining({ code: "ENOENT", path: expect.stringContaining("gone") }));
  });
});

describe("fingerprintSkillBoth", () => {
  it("records each file's size and keeps SKILL.md's exact bytes", () => {
    const dir = testdir();
    const md = Buffer.concat([Buffer.from("---\nname: x\n---\n"), Buffer.from([0xff, 0x00, 0x0d, 0x0a])]);
    writeFileSync(join(dir, "SKILL.md"), md);
    mkdirSync(join(dir, "ref"));
    writeFileSync(join(dir, "ref", "big.bin"), randomBytes(FEED_CAPACITY + 1));
    symlinkSync("SKILL.md", join(dir, "link.md"));
    const fp = fingerprintSkillBoth(dir);
    expect(fp.files.map((f) => [f.rel, f.size])).toEqual([["SKILL.md", md.length], ["link.md", md.length], ["ref/big.bin", FEED_CAPACITY + 1]]);
    expect(fp.skillMd).toEqual(md);
  });

  it("leaves out the bytes of a SKILL.md too big to keep, and still hashes all of it", () => {
    const dir = testdir();
    const md = Buffer.concat([Buffer.from("---\nname: x\n---\n"), randomBytes(FEED_CAPACITY)]);
    writeFileSync(join(dir, "SKILL.md"), md);
    const fp = fingerprintSkillBoth(dir);
    expect(fp.skillMd).toBeUndefined();
    expect(fp.hermes).toBe(createHash("md5").update("SKILL.md").update(readFileSync(join(dir, "SKILL.md"))).digest("hex"));
  });

  it("leaves sizes off a bare listing", () => {
    const dir = testdir();
    writeFileSync(join(dir, "SKILL.md"), "x");
    expect(listSkillFiles(dir).files[0]!.size).toBeUndefined();
  });
});
