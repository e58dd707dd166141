import { lstatSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { fingerprintSkillBoth } from "../src/fingerprint.ts";
import { digestCurrentStamps, digestStamps, stampOf } from "../src/stat-stamp.ts";

function tree(): string {
  const dir = testdir();
  writeFileSync(join(dir, "SKILL.md"), "---\nname: x\n---\n");
  mkdirSync(join(dir, "ref"));
  writeFileSync(join(dir, "ref", "a.md"), "a");
  mkdirSync(join(dir, "__pycache__"));
  writeFileSync(join(dir, "__pycache__", "x.pyc"), "skipped, not walked");
  return dir;
}

describe("digestStamps", () => {
  it("digests the exact values, sub-millisecond times and large inode numbers included", () => {
    const a = [[1, 2 ** 52 + 1, 3, 1_763_700_000_000.125, 5]] as const;
    expect(digestStamps(a)).toMatch(/^[0-9a-f]{32}$/);
    expect(digestStamps(a)).not.toBe(digestStamps([[1, 2 ** 52, 3, 1_763_700_000_000.125, 5]]));
    expect(digestStamps(a)).not.toBe(digestStamps([[1, 2 ** 52 + 1, 3, 1_763_700_000_000.25, 5]]));
    expect(digestStamps([[1, 2, 3, 4, 5]])).not.toBe(digestStamps([[1, 2, 3, 4, 6]]));
    // order matters, and a longer list after a shorter one reuses nothing stale
    expect(digestStamps([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]])).not.toBe(digestStamps([[6, 7, 8, 9, 10], [1, 2, 3, 4, 5]]));
    const many = Array.from({ length: 100 }, (_, i) => [i, i, i, i, i] as const);
    expect(digestStamps(many)).not.toBe(digestStamps(many.slice(0, 99)));
    expect(digestStamps(a)).toBe(digestStamps([[1, 2 ** 52 + 1, 3, 1_763_700_000_000.125, 5]]));
  });
});

describe("fingerprintSkillBoth with stamps", () => {
  it("stamps every folder it lists and every file it reads, and digestCurrentStamps sees the same until something changes", () => {
    const dir = tree();
    const fp = fingerprintSkillBoth(dir, { stamps: true });
    const st = fp.stamps!;
    expect(st.complete).toBe(true);
    expect(st.dirs.map(([rel]) => rel)).toEqual(["", "ref"]);
    expect(st.files).toHaveLength(fp.files.length);
    expect(st.files[0]).toHaveLength(5);
    expect(st.newestMs).toBeGreaterThan(Date.now() - 60_000);
    const rels = fp.files.map((f) => f.rel);
    const then = digestStamps([...st.dirs.map(([, s]) => s), ...st.files]);
    expect(st.files[rels.indexOf("ref/a.md")]).toEqual(stampOf(lstatSync(join(dir, "ref", "a.md"))));
    expect(digestCurrentStamps(dir, ["", "ref"], rels)).toBe(then);
    // a stat the caller already holds stands in for that file's lstat
    const skillMd = lstatSync(join(dir, "SKILL.md"));
    expect(digestCurrentStamps(dir, ["", "ref"], rels, { rel: "SKILL.md", stat: skillMd })).toBe(then);
    expect(digestCurrentStamps(dir, ["", "ref"], rels, { rel: "SKILL.md", stat: { ...skillMd, ino: skillMd.ino + 1, isFile: () => true } as never })).not.toBe(then);
    writeFileSync(join(dir, "ref", "a.md"), "b");
    expect(digestCurrentStamps(dir, ["", "ref"], rels)).not.toBe(then);
  });

  it("is incomplete (not to be cached) with a symlink inside, and digestCurrentStamps refuses a path that is no longer a file", () => {
    const dir = tree();
    symlinkSync("SKILL.md", join(dir, "alias.md"));
    expect(fingerprintSkillBoth(dir, { stamps: true }).stamps!.complete).toBe(false);
    expect(digestCurrentStamps(dir, [""], ["SKILL.md"])).toMatch(/^[0-9a-f]{32}$/);
    expect(digestCurrentStamps(dir, [""], ["alias.md"])).toBeUndefined();
    expect(digestCurrentStamps(dir, ["SKILL.md"], [])).toBeUndefined();
    expect(digestCurrentStamps(dir, [""], ["gone.md"])).toBeUndefined();
    expect(digestCurrentStamps(dir, ["ref/a.md"], [])).toBeUndefined();
  });

  it("takes no stamps unless asked", () => {
    expect(fingerprintSkillBoth(tree()).stamps).toBeUndefined();
  });
});
