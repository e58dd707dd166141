import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { fingerprintSkillBoth } from "../src/fingerprint.ts";
import { currentStamps, digestStamps } from "../src/stat-stamp.ts";

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
  it("digests the exact values, unsigned 64-bit ones included", () => {
    const a = [[1n, 2n ** 64n - 1n, 3n, 4n, 5n]] as const;
    expect(digestStamps(a)).toMatch(/^[0-9a-f]{32}$/);
    expect(digestStamps(a)).not.toBe(digestStamps([[1n, 2n ** 64n - 2n, 3n, 4n, 5n]]));
    expect(digestStamps([[1n, 2n, 3n, 4n, 5n]])).not.toBe(digestStamps([[1n, 2n, 3n, 4n, 6n]]));
  });
});

describe("fingerprintSkillBoth with stamps", () => {
  it("stamps every folder it lists and every file it reads, and currentStamps sees the same until something changes", () => {
    const dir = tree();
    const fp = fingerprintSkillBoth(dir, { stamps: true });
    const st = fp.stamps!;
    expect(st.complete).toBe(true);
    expect(st.dirs.map(([rel]) => rel)).toEqual(["", "ref"]);
    expect(st.files).toHaveLength(fp.files.length);
    expect(st.files[0]).toHaveLength(5);
    expect(st.newestMs).toBeGreaterThan(Date.now() - 60_000);
    const now = () => currentStamps(dir, ["", "ref"], fp.files.map((f) => f.rel));
    expect(now()).toEqual([...st.dirs.map(([, s]) => s), ...st.files]);
    expect(digestStamps(now()!)).toBe(digestStamps([...st.dirs.map(([, s]) => s), ...st.files]));
    writeFileSync(join(dir, "ref", "a.md"), "b");
    const i = fp.files.findIndex((f) => f.rel === "ref/a.md");
    expect(now()![2 + i]).not.toEqual(st.files[i]);
    expect(digestStamps(now()!)).not.toBe(digestStamps([...st.dirs.map(([, s]) => s), ...st.files]));
  });

  it("is incomplete (not to be cached) with a symlink inside, and currentStamps refuses a path that is no longer a file", () => {
    const dir = tree();
    symlinkSync("SKILL.md", join(dir, "alias.md"));
    expect(fingerprintSkillBoth(dir, { stamps: true }).stamps!.complete).toBe(false);
    expect(currentStamps(dir, [""], ["alias.md"])).toBeUndefined();
    expect(currentStamps(dir, ["SKILL.md"], [])).toBeUndefined();
    expect(currentStamps(dir, [""], ["gone.md"])).toBeUndefined();
  });

  it("takes no stamps unless asked", () => {
    expect(fingerprintSkillBoth(tree()).stamps).toBeUndefined();
  });
});
