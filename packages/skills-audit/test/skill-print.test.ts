import { join } from "node:path";
import { testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { packPrint, printSkill, readMeta, unpackPrint } from "../src/skill-print.ts";
import { put, skill } from "./trees.ts";

describe("packPrint / unpackPrint", () => {
  it("rebuild the very file objects the walk made (paths, junk, sizes), and the rest of the print", () => {
    const root = testdir();
    skill(root, "c/s", { files: { "a/b.md": "1", "é/\u{1F600}.md": "22", ".DS_Store": "j", "x/._y": "jj", "empty": "" } });
    const r = printSkill({ dir: join(root, "c/s"), skillMd: join(root, "c/s/SKILL.md"), parseNow: false });
    const print = r.print!;
    expect(print.files.filter((f) => f.junk).map((f) => f.rel)).toEqual([".DS_Store", "x/._y"]);
    const packed = packPrint(print);
    expect(Object.keys(packed).sort()).toEqual(["clean", "escapingLinks", "hermes", "rels", "sizes", "skillMdText"]);
    expect(unpackPrint(structuredClone(packed), join(root, "c/s"))).toEqual(print);
  });

  it("round-trip a skill folder with no files", () => {
    const print = { hermes: "h", clean: "c", files: [], escapingLinks: [] };
    expect(unpackPrint(packPrint(print), "/x")).toEqual(print);
  });
});

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
