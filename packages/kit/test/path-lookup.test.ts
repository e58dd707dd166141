import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPathLookup } from "../src/path-lookup.ts";
import { testdir } from "../testing/index.ts";

describe("createPathLookup", () => {
  it("ignores relative and empty PATH entries: a check must not depend on the current directory", () => {
    const dir = testdir();
    mkdirSync(join(dir, "rel"));
    writeFileSync(join(dir, "rel", "tool"), "#!/bin/sh\n");
    chmodSync(join(dir, "rel", "tool"), 0o755);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(createPathLookup(["rel", "", "."].join(":"), "linux").find("tool")).toBeUndefined();
      expect(createPathLookup(join(dir, "rel"), "linux").find("tool")).toBe(join(dir, "rel", "tool"));
    } finally {
      process.chdir(cwd);
    }
  });

  it("searches a folder named twice on PATH (a symlinked alias, as /bin → /usr/bin) once, keeping PATH order", () => {
    const dir = testdir();
    const tool = (folder: string, name: string) => {
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, name), "#!/bin/sh\n");
      chmodSync(join(dir, folder, name), 0o755);
    };
    tool("usr/bin", "a");
    tool("other", "b");
    tool("other", "a");
    symlinkSync(join(dir, "usr", "bin"), join(dir, "bin"));
    const lookup = createPathLookup([join(dir, "bin"), join(dir, "usr", "bin"), join(dir, "other")].join(":"), "linux");
    // found through the first name the folder has on PATH, before any later folder
    expect(lookup.find("a")).toBe(join(dir, "bin", "a"));
    // the repeat is skipped, not the folders after it
    expect(lookup.find("b")).toBe(join(dir, "other", "b"));
    expect(lookup.find("c")).toBeUndefined();
    const reversed = createPathLookup([join(dir, "usr", "bin"), join(dir, "bin"), join(dir, "other")].join(":"), "linux");
    expect([reversed.find("a"), reversed.find("b")]).toEqual([join(dir, "usr", "bin", "a"), join(dir, "other", "b")]);
  });
});
