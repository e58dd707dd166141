import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
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
});
