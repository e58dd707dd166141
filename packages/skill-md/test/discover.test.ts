import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testdir } from "@wizard-council/kit/testing";
import { findSkills } from "../src/index.ts";

function skill(root: string, id: string): void {
  mkdirSync(join(root, id), { recursive: true });
  writeFileSync(join(root, id, "SKILL.md"), `---\nname: ${id.split("/").pop()}\ndescription: d\n---\n`);
}

describe("findSkills", () => {
  it("finds category/name and name layouts, sorted by id, skipping hidden and cache folders", () => {
    const root = testdir();
    skill(root, "devops/zeta");
    skill(root, "devops/alpha");
    skill(root, "solo");
    skill(root, ".hidden/x");
    skill(root, "node_modules/pkg");
    skill(root, "__pycache__/y");
    skill(root, "devops/.git");
    mkdirSync(join(root, "devops", "no-skill-md"));
    writeFileSync(join(root, "README.md"), "not a skill");
    const { skills, problems } = findSkills(root);
    expect(problems).toEqual([]);
    expect(skills).toEqual([
      { id: "devops/alpha", dir: join(root, "devops/alpha"), skillMd: join(root, "devops/alpha/SKILL.md"), folderName: "alpha", category: "devops" },
      { id: "devops/zeta", dir: join(root, "devops/zeta"), skillMd: join(root, "devops/zeta/SKILL.md"), folderName: "zeta", category: "devops" },
      { id: "solo", dir: join(root, "solo"), skillMd: join(root, "solo/SKILL.md"), folderName: "solo", category: undefined },
    ]);
  });

  it("returns nothing for a missing root and a problem for a file root", () => {
    const dir = testdir();
    expect(findSkills(join(dir, "absent"))).toEqual({ skills: [], problems: [] });
    writeFileSync(join(dir, "file"), "x");
    expect(findSkills(join(dir, "file")).problems).toEqual([{ id: ".", path: join(dir, "file"), message: "skills root is not a directory" }]);
  });

  it("reports symlink loops, escaping and dangling links as problems and still finds the rest", () => {
    const root = join(testdir(), "skills");
    const outside = join(root, "..", "outside");
    skill(outside, "cat/escaped");
    skill(root, "devops/ok");
    symlinkSync(root, join(root, "devops", "up"));
    symlinkSync("self", join(root, "self"));
    symlinkSync(join(outside, "cat"), join(root, "escape"));
    symlinkSync(join(root, "nowhere"), join(root, "devops", "dangling"));
    mkdirSync(join(root, "devops", "linked-md"));
    symlinkSync(join(outside, "cat/escaped/SKILL.md"), join(root, "devops", "linked-md", "SKILL.md"));
    const { skills, problems } = findSkills(root);
    expect(skills.map((s) => s.id)).toEqual(["devops/ok"]);
    expect(problems).toEqual([
      { id: "devops/dangling", path: join(root, "devops/dangling"), message: "dangling symlink: its target does not exist" },
      { id: "devops/linked-md", path: join(root, "devops/linked-md/SKILL.md"), message: "SKILL.md is a symlink pointing outside the skills root; not followed" },
      { id: "devops/up", path: join(root, "devops/up"), message: "symlink loop: the link points to a folder that contains it" },
      { id: "escape", path: join(root, "escape"), message: "symlink points outside the skills root; not followed" },
      { id: "self", path: join(root, "self"), message: "symlink loop: the link resolves to itself" },
    ]);
  });

  it("follows a symlinked skill that stays inside the root", () => {
    const root = testdir();
    skill(root, "store/real");
    mkdirSync(join(root, "devops"));
    symlinkSync(join(root, "store/real"), join(root, "devops/real"));
    expect(findSkills(root).skills.map((s) => s.id)).toEqual(["devops/real", "store/real"]);
  });
});

describe("findSkills on unreadable folders", () => {
  it.skipIf(process.getuid?.() === 0)("reports a folder it cannot enter as a problem and still finds the rest", () => {
    const root = testdir();
    skill(root, "devops/ok");
    skill(root, "devops/locked");
    chmodSync(join(root, "devops/locked"), 0o000);
    try {
      const r = findSkills(root);
      expect(r.skills.map((s) => s.id)).toEqual(["devops/ok"]);
      expect(r.problems).toEqual([{ id: "devops/locked", path: join(root, "devops/locked"), message: "cannot read folder: EACCES" }]);
    } finally {
      chmodSync(join(root, "devops/locked"), 0o755);
    }
  });

  it("treats a SKILL.md that is a folder as a skill (readSkillMd then reports it)", () => {
    const root = testdir();
    mkdirSync(join(root, "cat/odd/SKILL.md"), { recursive: true });
    expect(findSkills(root).skills.map((s) => s.id)).toEqual(["cat/odd"]);
  });
});
