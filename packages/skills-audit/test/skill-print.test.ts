import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { CACHE_HIT, printSkill, readMeta } from "../src/skill-print.ts";
import { put, skill } from "./trees.ts";

describe("printSkill and readMeta", () => {
  it("parses a source SKILL.md right away and keeps a target's as text for later", () => {
    const root = testdir();
    skill(root, "c/s", { version: "1.2.3" });
    const task = { dir: join(root, "c/s"), skillMd: join(root, "c/s/SKILL.md") };
    expect(printSkill({ ...task, parseNow: true }).print).toMatchObject({ meta: { ok: true, name: "s", version: "1.2.3" } });
    const later = printSkill({ ...task, parseNow: false }).print!;
    expect([later.meta, later.skillMdText?.startsWith("---\nname: s\n")]).toEqual([undefined, true]);
    expect(readMeta(later.skillMdText, task.skillMd)).toEqual({ ok: true, name: "s", version: "1.2.3" });
  });

  it.each([
    ["a SKILL.md too big for the hashing buffer is read again, and parses", `---\nname: s\n---\n${"body\n".repeat(60_000)}`, { ok: true, name: "s", version: undefined }],
    ["a SKILL.md over the size limit gets readSkillMd's error", `---\nname: s\n---\n${"body\n".repeat(220_000)}`, { ok: false, error: { field: "SKILL.md", message: expect.stringMatching(/^SKILL\.md is larger than 1048576 bytes/) } }],
    ["a BOM is kept, so the BOM error is the same as readSkillMd's", "\uFEFF---\nname: s\n---\n", { ok: false, error: { field: "BOM", message: expect.stringContaining("byte order mark") } }],
    ["non-UTF-8 bytes get readSkillMd's error", Buffer.from("---\nname: s\ndescription: caf\xe9\n---\n", "latin1"), { ok: false, error: { field: "SKILL.md", message: "SKILL.md is not valid UTF-8" } }],
  ])("%s", (_, body, meta) => {
    const root = testdir();
    put(root, "c/s/SKILL.md", body);
    const task = { dir: join(root, "c/s"), skillMd: join(root, "c/s/SKILL.md") };
    expect(printSkill({ ...task, parseNow: true }).print!.meta).toEqual(meta);
    const later = printSkill({ ...task, parseNow: false }).print!;
    expect(readMeta(later.skillMdText, task.skillMd)).toEqual(meta);
  });
});

describe("printSkill with a cache record", () => {
  // racyAfterMs in the future: files made by the test count as old enough to be recorded.
  const cache = (record?: string) => ({ record, racyAfterMs: Date.now() + 60_000 });

  it("records a folder read in full, and a record whose stamps hold gives the same print without reading", () => {
    const root = testdir();
    skill(root, "c/s", { version: "2.0.0", files: { "a/b.md": "1", "é/\u{1F600}.md": "22", ".DS_Store": "j", "x/._y": "jj", "empty": "" } });
    const task = { dir: join(root, "c/s"), skillMd: join(root, "c/s/SKILL.md"), parseNow: true };
    const fresh = printSkill({ ...task, cache: cache() });
    expect(typeof fresh.cached).toBe("string");
    const hit = printSkill({ ...task, cache: cache(fresh.cached) });
    expect(hit.cached).toBe(CACHE_HIT);
    const seen = (p: typeof hit.print) => ({ hermes: p!.hermes, clean: p!.clean, files: p!.files, escapingLinks: p!.escapingLinks, meta: p!.meta });
    expect(seen(hit.print)).toEqual(seen(fresh.print));
    expect(fresh.print!.files.map((f) => f.rel)).toEqual([".DS_Store", "SKILL.md", "a/b.md", "empty", "x/._y", "é/\u{1F600}.md"]);
    expect(hit.print!.meta).toEqual({ ok: true, name: "s", version: "2.0.0" });
    expect(hit.print!.files.filter((f) => f.junk).map((f) => f.rel)).toEqual([".DS_Store", "x/._y"]);
  });

  it("reads again, and records anew, when a stamp changed; a record too recent or for a folder with a link is not made", () => {
    const root = testdir();
    skill(root, "c/s", { files: { "a.md": "aaaa" } });
    const task = { dir: join(root, "c/s"), skillMd: join(root, "c/s/SKILL.md"), parseNow: false };
    const first = printSkill({ ...task, cache: cache() });
    put(root, "c/s/a.md", "abcd");
    const again = printSkill({ ...task, cache: cache(first.cached) });
    expect(again.print!.clean).not.toBe(first.print!.clean);
    expect([typeof again.cached, again.cached === first.cached]).toEqual(["string", false]);
    expect(printSkill({ ...task, cache: { record: undefined, racyAfterMs: 0 } }).cached).toBeUndefined();
    symlinkSync("a.md", join(root, "c/s/alias.md"));
    expect(printSkill({ ...task, cache: cache() }).cached).toBeUndefined();
  });

  it("a target's record (SKILL.md not parsed) serves a source later: it is parsed then and re-recorded", () => {
    const root = testdir();
    skill(root, "c/s", { version: "3.0.0" });
    const task = { dir: join(root, "c/s"), skillMd: join(root, "c/s/SKILL.md") };
    const asTarget = printSkill({ ...task, parseNow: false, cache: cache() });
    const asSource = printSkill({ ...task, parseNow: true, cache: cache(asTarget.cached) });
    expect(asSource.print!.meta).toEqual({ ok: true, name: "s", version: "3.0.0" });
    expect(asSource.cached).not.toBe(CACHE_HIT);
    expect(printSkill({ ...task, parseNow: true, cache: cache(asSource.cached) }).cached).toBe(CACHE_HIT);
  });
});
