import { join } from "node:path";
import { fingerprintSkillBoth, listSkillFiles } from "@wizard-council/skill-md";
import { testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { diffSkillFiles } from "../src/diff.ts";
import { put } from "./trees.ts";

describe("diffSkillFiles", () => {
  const CHUNK = 64 * 1024;
  it.each([
    ["equal", "same", "same", []],
    ["same size, other bytes", "abcd", "abce", ["f.md"]],
    ["other size", "abc", "abcd", ["f.md"]],
    ["equal and bigger than a compare chunk", "x".repeat(CHUNK * 2 + 1), "x".repeat(CHUNK * 2 + 1), []],
    ["same size, differing in the last byte of the last chunk", `${"x".repeat(CHUNK * 2)}a`, `${"x".repeat(CHUNK * 2)}b`, ["f.md"]],
    ["same size, differing in the first chunk only", `a${"x".repeat(CHUNK)}`, `b${"x".repeat(CHUNK)}`, ["f.md"]],
  ])("%s → changed %j, with sizes from the fingerprint and from a bare listing alike", (_, a, b, changed) => {
    const root = testdir();
    put(root, "s/f.md", a);
    put(root, "t/f.md", b);
    const sized = diffSkillFiles(fingerprintSkillBoth(join(root, "s")).files, fingerprintSkillBoth(join(root, "t")).files);
    const bare = diffSkillFiles(listSkillFiles(join(root, "s")).files, listSkillFiles(join(root, "t")).files);
    expect(sized).toEqual({ onlyInSource: [], onlyInTarget: [], changed });
    expect(bare).toEqual(sized);
  });
});
