import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { compareParts, fingerprintSkill, fingerprintSkillBoth, isJunkName, listSkillFiles } from "../src/fingerprint.ts";
import { FEED_CAPACITY } from "../src/fingerprint-feed.ts";

// The reference: hermes-agent's `_dir_hash` rules restated in Python (sorted rglob, runtime
// caches out, `.pyc` beside `.py` out, `is_file()` follows links), run by the real python3.
// It is written for this test from the documented rules, so it checks the TypeScript port
// independently rather than against itself.
const REFERENCE_PY = `
import hashlib, sys
from pathlib import Path
CACHES = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
def cached(p, root):
    rel = p.relative_to(root)
    if any(part in CACHES for part in rel.parts[:-1]):
        return True
    if p.name in CACHES and p.is_dir():
        return True
    return p.suffix in {".pyc", ".pyo"} and p.with_suffix(".py").is_file()
root = Path(sys.argv[1])
h = hashlib.md5()
for p in sorted(root.rglob("*")):
    if not cached(p, root) and p.is_file():
        h.update(str(p.relative_to(root)).encode("utf-8"))
        h.update(p.read_bytes())
print(h.hexdigest())
`;

function pythonHash(dir: string, scratch: string): string {
  const script = join(scratch, "reference_dir_hash.py");
  writeFileSync(script, REFERENCE_PY);
  return execFileSync("python3", [script, dir], { encoding: "utf8" }).trim();
}

function write(root: string, rel: string, body: string | Buffer): void {
  const path = join(root, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, body);
}

/** A tree that exercises every ordering and exclusion rule. */
function trickyTree(root: string): void {
  write(root, "SKILL.md", "---\nname: tricky\ndescription: d\n---\nbody\n");
  write(root, "a/b", "in a/b\n");
  write(root, "a-c", "a-c\n");
  write(root, "a.txt", "a.txt\n");
  write(root, "B.md", "capital\n");
  write(root, "é.md", "e-acute\n");
  write(root, "\u{1F600}.md", "emoji\n");
  write(root, "\uFB01.md", "ligature (BMP, above the surrogates)\n");
  write(root, "scripts/run.py", "print(1)\n");
  write(root, "scripts/run.pyc", Buffer.from([0, 1, 2, 3]));
  write(root, "scripts/orphan.pyc", Buffer.from([9, 9]));
  write(root, "scripts/__pycache__/run.cpython-311.pyc", Buffer.from([7]));
  write(root, "deep/.mypy_cache/x/y.json", "{}");
  write(root, "empty.bin", "");
  write(root, "binary.dat", Buffer.from([0xff, 0xfe, 0x00, 0x80]));
  mkdirSync(join(root, "empty-dir"));
  symlinkSync("a.txt", join(root, "link-to-a.txt"));
  symlinkSync("a", join(root, "link-to-dir"));
  symlinkSync("missing", join(root, "dangling"));
}

describe("compareParts (Python PurePosixPath order)", () => {
  it.each([
    [["a", "b"], ["a-c"], -1],
    [["a-c"], ["a", "b"], 1],
    [["a"], ["a", "b"], -1],
    [["B.md"], ["a"], -1],
    [["\uFB01"], ["\u{1F600}"], -1],
    [["x"], ["x"], 0],
  ])("%j vs %j → sign %i", (a, b, sign) => {
    expect(Math.sign(compareParts(a, b))).toBe(sign);
  });
});

describe("isJunkName", () => {
  it.each([
    [".DS_Store", true],
    ["Thumbs.db", true],
    ["._SKILL.md", true],
    ["_SKILL.md", false],
    ["SKILL.md", false],
    [".env", false],
  ])("%s → %s", (name, junk) => {
    expect(isJunkName(name)).toBe(junk);
  });
});

describe("fingerprintSkill", () => {
  it("pins the MD5 of a fixed tree (computed independently with python3 hashlib)", () => {
    const dir = testdir();
    write(dir, "SKILL.md", "---\nname: demo\n---\n");
    write(dir, "a/b", "x");
    write(dir, "a-c", "y");
    // md5(b"SKILL.md" b"---\nname: demo\n---\n" b"a/b" b"x" b"a-c" b"y"): a/b before a-c
    expect(fingerprintSkill(dir)).toBe("3a122172cb5be48dc056e6c52a917b40");
  });

  it("equals the Python reference on a tree with every ordering and exclusion rule", () => {
    const scratch = testdir();
    const dir = join(scratch, "skill");
    trickyTree(dir);
    expect(fingerprintSkill(dir)).toBe(pythonHash(dir, scratch));
  });

  it("lists files in Python order and skips caches, bytecode beside source and dangling links", () => {
    const dir = testdir();
    trickyTree(dir);
    expect(listSkillFiles(dir).files.map((f) => f.rel)).toEqual([
      "B.md", "SKILL.md", "a/b", "a-c", "a.txt", "binary.dat", "empty.bin",
      "link-to-a.txt", "scripts/orphan.pyc", "scripts/run.py", "é.md", "\uFB01.md", "\u{1F600}.md",
    ]);
  });

  it("equals the Python reference with junk present, and ignoreJunk removes exactly the junk", () => {
    const scratch = testdir();
    const dir = join(scratch, "skill");
    trickyTree(dir);
    const clean = fingerprintSkill(dir);
    write(dir, ".DS_Store", "junk");
    write(dir, "a/._b", "appledouble");
    write(dir, "Thumbs.db", "junk");
    const withJunk = fingerprintSkill(dir);
    expect(withJunk).toBe(pythonHash(dir, scratch));
    expect(withJunk).not.toBe(clean);
    expect(fingerprintSkill(dir, { ignoreJunk: true })).toBe(clean);
    const both = fingerprintSkillBoth(dir);
    expect([both.hermes, both.clean]).toEqual([withJunk, clean]);
  });

  it("equals the Python reference when files and junk outgrow the hashing buffer", () => {
    const scratch = testdir();
    const dir = join(scratch, "skill");
    trickyTree(dir);
    write(dir, "assets/big.bin", Buffer.alloc(FEED_CAPACITY * 2 + 3, 7));
    write(dir, "assets/._big.bin", Buffer.alloc(FEED_CAPACITY + 9, 1));
    const both = fingerprintSkillBoth(dir);
    expect(both.hermes).toBe(pythonHash(dir, scratch));
    expect(both.clean).toBe(fingerprintSkill(dir, { ignoreJunk: true }));
    expect(both.clean).not.toBe(both.hermes);
  });

  it("never reads a symlink that leaves the folder, and names it", () => {
    const scratch = testdir();
    const dir = join(scratch, "skill");
    write(dir, "SKILL.md", "x");
    write(scratch, "outside.txt", "secret");
    symlinkSync(join(scratch, "outside.txt"), join(dir, "leak.txt"));
    const list = listSkillFiles(dir);
    expect(list.files.map((f) => f.rel)).toEqual(["SKILL.md"]);
    expect(list.escapingLinks).toEqual(["leak.txt"]);
  });

  it("changes when one byte or one file name changes", () => {
    const dir = testdir();
    write(dir, "SKILL.md", "abc");
    const before = fingerprintSkill(dir);
    write(dir, "SKILL.md", "abd");
    const edited = fingerprintSkill(dir);
    expect(edited).not.toBe(before);
    write(dir, "SKILL.md", "abc");
    expect(fingerprintSkill(dir)).toBe(before);
  });
});
