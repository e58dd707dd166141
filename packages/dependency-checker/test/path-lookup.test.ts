import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testdir } from "@wizard-council/kit/testing";
import { createPathLookup, resolvePlatform } from "../src/index.ts";
import { repeated } from "../src/commands/check.ts";
import { writeBin } from "./fixtures.ts";

describe("createPathLookup", () => {
  it("finds the first executable regular file on PATH, skipping non-executables, folders and stale entries", () => {
    const dir = testdir();
    const a = join(dir, "a");
    const b = join(dir, "b");
    mkdirSync(a);
    writeFileSync(join(a, "tool"), "#!/bin/sh\n");
    chmodSync(join(a, "tool"), 0o644);
    mkdirSync(join(a, "dirtool"));
    const bTool = writeBin(b, "tool", "exit 0");
    writeBin(b, "dirtool", "exit 0");
    const first = writeBin(a, "both", "exit 0");
    writeBin(b, "both", "exit 0");
    const lookup = createPathLookup([join(dir, "gone"), "", a, join(a, "tool"), b].join(":"), "linux");
    expect(lookup.find("tool")).toBe(bTool);
    expect(lookup.find("dirtool")).toBe(join(b, "dirtool"));
    expect(lookup.find("both")).toBe(first);
    expect(lookup.find("absent")).toBeUndefined();
  });

  it("caches answers for the whole run", () => {
    const dir = testdir();
    const tool = writeBin(dir, "tool", "exit 0");
    const lookup = createPathLookup(dir, "linux");
    expect(lookup.find("tool")).toBe(tool);
    rmSync(tool);
    expect(lookup.find("tool")).toBe(tool);
    expect(createPathLookup(dir, "linux").find("tool")).toBeUndefined();
  });

  it("has nothing to find on an empty or unset PATH", () => {
    expect(createPathLookup(undefined, "linux").find("sh")).toBeUndefined();
    expect(createPathLookup("", "linux").find("sh")).toBeUndefined();
  });

  it("uses ; and PATHEXT on windows", () => {
    const dir = testdir();
    writeFileSync(join(dir, "tool.EXE"), "");
    expect(createPathLookup(`C:\\nowhere;${dir}`, "win32", ".COM;.EXE").find("tool")).toBe(join(dir, "tool.EXE"));
  });
});

describe("resolvePlatform", () => {
  it.each([
    [undefined, "linux", "linux"],
    ["auto", "darwin", "macos"],
    ["auto", "win32", "windows"],
    ["macos", "linux", "macos"],
    ["windows", "linux", "windows"],
  ] as const)("%s on %s → %s", (value, node, expected) => {
    expect(resolvePlatform(value, node)).toBe(expected);
  });

  it("rejects anything else naming --platform", () => {
    expect(() => resolvePlatform("darwin")).toThrow('--platform must be auto, linux, macos or windows, got "darwin"');
  });
});

describe("repeated flags", () => {
  it.each([
    [["--skills-dir", "a", "--skills-dir=b", "--skill", "x"], "skills-dir", ["a", "b"]],
    [["--skillsDir", "a", "--skills-dir", "b"], "skills-dir", ["a", "b"]],
    [["--skill", "x,y", "--skill=z"], "skill", ["x,y", "z"]],
    [["--skill", "x", "--", "--skill", "y"], "skill", ["x"]],
    [["--skill"], "skill", []],
  ])("%j → %s = %j", (argv, name, values) => {
    expect(repeated(argv, name)).toEqual(values);
  });
});
