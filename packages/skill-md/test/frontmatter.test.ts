import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testdir } from "@wizard-council/kit/testing";
import { MAX_SKILL_MD_BYTES, parseSkillMd, readSkillMd } from "../src/index.ts";

describe("parseSkillMd", () => {
  it("reads name, description, version and body", () => {
    const r = parseSkillMd("---\nname: fleet-sitrep\ndescription: Report\nversion: 1.2.0\n---\n# Body\ntext\n");
    expect(r).toEqual({ ok: true, frontmatter: { name: "fleet-sitrep", description: "Report", version: "1.2.0" }, name: "fleet-sitrep", description: "Report", version: "1.2.0", body: "# Body\ntext\n" });
  });

  it("accepts CRLF line endings", () => {
    const r = parseSkillMd("---\r\nname: a\r\ndescription: b\r\n---\r\nbody\r\n");
    expect(r.ok && [r.name, r.description, r.body]).toEqual(["a", "b", "body\n"]);
  });

  it("turns a numeric version into its string", () => {
    const r = parseSkillMd("---\nname: a\nversion: 2.1\n---\n");
    expect(r.ok && r.version).toBe("2.1");
  });

  it("keeps nested maps (metadata.hermes)", () => {
    const r = parseSkillMd("---\nname: a\nmetadata:\n  hermes:\n    tags: [x, y]\n---\n");
    expect(r.ok && r.frontmatter.metadata).toEqual({ hermes: { tags: ["x", "y"] } });
  });

  it.each([
    ["a BOM", "\uFEFF---\nname: a\n---\n", "BOM", /byte order mark/],
    ["no frontmatter", "# Just a heading\n", "frontmatter", /no YAML frontmatter/],
    ["an empty file", "", "frontmatter", /no YAML frontmatter/],
    ["an unclosed block", "---\nname: a\n", "frontmatter", /not closed/],
    ["an empty block", "---\n---\nbody", "frontmatter", /empty/],
    ["a list at the top", "---\n- a\n- b\n---\n", "frontmatter", /must be a YAML mapping, got a list/],
    ["a scalar at the top", "---\njust text\n---\n", "frontmatter", /must be a YAML mapping, got string/],
    ["broken YAML", "---\nname: [a, b\ndescription: x\n---\n", "frontmatter", /not valid YAML at line \d+/],
    ["a duplicate key", "---\nname: a\nname: b\n---\n", "frontmatter", /^frontmatter is not valid YAML at line 3, column 1: Map keys must be unique$/],
    ["a ---js block", "---js\nmodule.exports = { name: 'x' }\n---\n", "frontmatter", /language "js" is not allowed/],
    ["a ---javascript block", "---javascript\n{}\n---\n", "frontmatter", /language "javascript" is not allowed/],
    ["a ---coffee block", "---coffee\nname: 'x'\n---\n", "frontmatter", /language "coffee" is not allowed/],
    ["a numeric name", "---\nname: 42\n---\n", "name", /^name: expected a string, got number$/],
    ["a list description", "---\nname: a\ndescription: [x]\n---\n", "description", /^description: expected a string, got a list$/],
    ["a mapping version", "---\nname: a\nversion: {major: 1}\n---\n", "version", /^version: expected a string such as "1.2.0", got a mapping$/],
  ])("rejects %s naming the field", (_label, text, field, message) => {
    const r = parseSkillMd(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.field).toBe(field);
    expect(r.error.message).toMatch(message);
  });

  it("never evaluates a ---js block (canary file stays absent)", () => {
    const dir = testdir();
    const canary = join(dir, "canary");
    const code = `require("fs").writeFileSync(${JSON.stringify(canary)}, "x"); module.exports = { name: "x" }`;
    for (const lang of ["js", "javascript", "coffee"]) {
      const r = parseSkillMd(`---${lang}\n${code}\n---\nbody\n`);
      expect(r.ok).toBe(false);
    }
    // Also the YAML engine must not run JS-ish tags.
    const fn = `function(){ require('fs').writeFileSync('${canary}', 'x') }`;
    const r = parseSkillMd(`---\nname: !!js/function "${fn}"\n---\n`);
    expect(r.ok && r.name).toBe(fn);
    expect(existsSync(canary)).toBe(false);
  });
});

describe("readSkillMd", () => {
  it("reads a real file", () => {
    const dir = testdir();
    writeFileSync(join(dir, "SKILL.md"), "---\nname: a\ndescription: d\n---\nhi\n");
    const r = readSkillMd(join(dir, "SKILL.md"));
    expect(r.ok && r.name).toBe("a");
  });

  it("accepts a real U+FFFD character (valid UTF-8) but not invalid bytes", () => {
    const dir = testdir();
    writeFileSync(join(dir, "ok.md"), "---\nname: a\ndescription: \uFFFD marks\n---\n");
    const r = readSkillMd(join(dir, "ok.md"));
    expect(r.ok && r.description).toBe("\uFFFD marks");
  });

  it("rejects a 10 MB SKILL.md without reading it", () => {
    const dir = testdir();
    const path = join(dir, "SKILL.md");
    writeFileSync(path, "---\nname: big\n---\n" + "x".repeat(10 * 1024 * 1024));
    expect(readSkillMd(path)).toEqual({ ok: false, error: { field: "SKILL.md", message: `SKILL.md is larger than ${MAX_SKILL_MD_BYTES} bytes (${10 * 1024 * 1024 + 18} bytes)` } });
  });

  it.each([
    ["missing", (dir: string) => join(dir, "nope.md"), /cannot read SKILL.md: ENOENT/],
    ["a directory", (dir: string) => dir, /not a regular file/],
    ["a FIFO (does not hang)", (dir: string) => { const p = join(dir, "fifo"); execFileSync("mkfifo", [p]); return p; }, /not a regular file/],
    ["invalid UTF-8", (dir: string) => { const p = join(dir, "bad.md"); writeFileSync(p, Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a])); return p; }, /not valid UTF-8/],
  ])("turns %s into an error", (_label, make, message) => {
    const r = readSkillMd(make(testdir()));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(message);
  });
});
