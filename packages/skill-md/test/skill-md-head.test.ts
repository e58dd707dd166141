import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { testdir } from "@wizard-council/kit/testing";
import { findSkills, MAX_SKILL_MD_BYTES, parseSkillFrontmatter, parseSkillMd, readSkillMd, readSkillMdHead, scanSkills } from "../src/index.ts";

const yaml = { parse } as unknown as typeof import("yaml");

/** What readSkillMd says, without the body: the head reader plus parseSkillFrontmatter must say the same. */
function viaHead(path: string, regularFile?: boolean) {
  const head = readSkillMdHead(path, { regularFile });
  return head.ok ? parseSkillFrontmatter(head.text, yaml) : head;
}

function withoutBody(r: ReturnType<typeof readSkillMd>) {
  if (!r.ok) return r;
  const { body: _body, ...rest } = r;
  return rest;
}

describe("readSkillMdHead + parseSkillFrontmatter", () => {
  const big = "x".repeat(100 * 1024);
  it.each([
    ["a plain file", "---\nname: a\ndescription: d\n---\n# Body\n"],
    ["a '...' close", "---\nname: a\n...\nbody\n"],
    ["a close with trailing spaces and tabs", "---\nname: a\n--- \t\nbody\n"],
    ["CRLF line endings", "---\r\nname: a\r\ndescription: d\r\n---\r\nbody\r\n"],
    ["a '----' line before the real close", "---\nname: a\ndescription: |\n  ----\n  text\n---\nbody\n"],
    ["a '---x' line before the real close", "---\nname: a\nnote: x\n---x\n---\nbody\n"],
    ["a close on the last line without a newline", "---\nname: a\n---"],
    ["an unclosed block", "---\nname: a\n"],
    ["an empty block", "---\n---\nbody"],
    ["no frontmatter", "# title\n---\n"],
    ["a BOM", "\uFEFF---\nname: a\n---\n"],
    ["a ---js block", "---js\nmodule.exports = {}\n---\n"],
    ["broken YAML", "---\nname: [a\n---\n"],
    ["a block scalar (full yaml)", "---\nname: a\ndescription: >-\n  folded\n  text\n---\n"],
    ["a body over 64 KiB", `---\nname: a\ndescription: d\n---\n${big}`],
    ["a frontmatter over 64 KiB", `---\nname: a\ndescription: ${big}\n---\nbody\n`],
    ["a real U+FFFD", "---\nname: a\ndescription: \uFFFD\n---\n"],
  ])("agrees with readSkillMd on %s", (_label, text) => {
    const dir = testdir();
    const path = join(dir, "SKILL.md");
    writeFileSync(path, text);
    const expected = withoutBody(readSkillMd(path));
    expect(viaHead(path, true)).toEqual(expected);
    expect(viaHead(path, false)).toEqual(expected);
  });

  it.each([
    ["over the size limit, naming its size", (dir: string) => { const p = join(dir, "SKILL.md"); writeFileSync(p, `---\nname: a\n---\n${"x".repeat(MAX_SKILL_MD_BYTES)}`); return p; }],
    ["missing", (dir: string) => join(dir, "nope.md")],
    ["a directory", (dir: string) => { const p = join(dir, "SKILL.md"); mkdirSync(p); return p; }],
    ["invalid UTF-8 in the body only", (dir: string) => { const p = join(dir, "SKILL.md"); writeFileSync(p, Buffer.concat([Buffer.from("---\nname: a\n---\n"), Buffer.from([0xff, 0xfe, 0x0a])])); return p; }],
  ])("gives readSkillMd's error for a file %s", (_label, make) => {
    const path = make(testdir());
    const expected = readSkillMd(path);
    expect(expected.ok).toBe(false);
    expect(readSkillMdHead(path)).toEqual(expected);
  });

  it("never blocks on a FIFO, with or without the regular-file hint", () => {
    const path = join(testdir(), "SKILL.md");
    execFileSync("mkfifo", [path]);
    expect(readSkillMdHead(path)).toEqual({ ok: false, error: { field: "SKILL.md", message: "SKILL.md is not a regular file" } });
    // A file swapped for a FIFO after the listing said "regular file": read non-blocking, nothing there.
    const r = readSkillMdHead(path, { regularFile: true });
    expect(r.ok && r.text).toBe("");
  });

  it("does not follow a link that replaced a file listed as regular", () => {
    const dir = testdir();
    writeFileSync(join(dir, "target.md"), "---\nname: a\n---\n");
    symlinkSync(join(dir, "target.md"), join(dir, "SKILL.md"));
    expect(readSkillMdHead(join(dir, "SKILL.md"), { regularFile: true })).toEqual({ ok: false, error: { field: "SKILL.md", message: "cannot read SKILL.md: ELOOP" } });
    expect(readSkillMdHead(join(dir, "SKILL.md")).ok).toBe(true);
  });

  it("returns the text only up to the end of the closing line", () => {
    const path = join(testdir(), "SKILL.md");
    writeFileSync(path, "---\nname: a\n---\r\n# Body that is never decoded\n");
    expect(readSkillMdHead(path)).toEqual({ ok: true, text: "---\nname: a\n---\r\n" });
  });

  it("leaves YAML outside the fast subset to the caller's yaml, and parses it as parseSkillMd does", () => {
    const text = "---\nname: a\ndescription: |\n  two\n  lines\n---\n";
    expect(parseSkillFrontmatter(text)).toBeUndefined();
    const { body: _body, ...expected } = parseSkillMd(text) as Extract<ReturnType<typeof parseSkillMd>, { ok: true }>;
    expect(parseSkillFrontmatter(text, yaml)).toEqual(expected);
  });
});

describe("scanSkills", () => {
  it("finds what findSkills finds, saying which SKILL.md files are regular files", () => {
    const root = testdir();
    for (const id of ["cat/plain", "cat/store"]) {
      mkdirSync(join(root, id), { recursive: true });
      writeFileSync(join(root, id, "SKILL.md"), `---\nname: ${id.split("/")[1]}\n---\n`);
    }
    mkdirSync(join(root, "cat/linked"));
    symlinkSync(join(root, "cat/store/SKILL.md"), join(root, "cat/linked/SKILL.md"));
    mkdirSync(join(root, "cat/dir/SKILL.md"), { recursive: true });
    const scanned = scanSkills(root);
    expect(scanned.skills.map((s) => [s.id, s.regularFile])).toEqual([["cat/dir", false], ["cat/linked", false], ["cat/plain", true], ["cat/store", true]]);
    expect(scanned.skills.map(({ regularFile: _r, stat: _s, ...loc }) => loc)).toEqual(findSkills(root).skills);
    const plain = scanned.skills.find((s) => s.id === "cat/plain")!;
    const st = lstatSync(plain.skillMd);
    expect(plain.stat).toEqual({ dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs });
    expect(scanned.skills.find((s) => s.id === "cat/linked")!.stat).toBeUndefined();
  });
});
