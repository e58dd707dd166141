import { join } from "node:path";
import { testdir } from "@wizard-council/kit/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import { takeInventories } from "../src/inventory.ts";
import { mixedTrees, unopenableFile } from "./trees.ts";

describe("takeInventories", () => {
  it("hold every kind of skill: problems, diffs of differing copies, links out, SKILL.md facts parsed now or on demand", () => {
    const root = testdir();
    const { source, target } = mixedTrees(root, 3);
    const bad = unopenableFile(join(target, "bulk-0/s0"));
    onTestFinished(bad.remove);
    const inv = takeInventories(source, target);
    expect(inv.target.problems).toEqual([{ id: "bulk-0/s0", path: bad.path, message: "cannot read a file of this skill: ENAMETOOLONG" }]);
    // Only skills whose junk-free fingerprints differ are diffed (not edge/junk, whose only difference is junk).
    expect(Object.fromEntries(inv.diffs)).toStrictEqual({
      "edge/broken": { onlyInSource: [], onlyInTarget: [], changed: ["SKILL.md"] },
      "edge/latin1": { onlyInSource: [], onlyInTarget: [], changed: ["SKILL.md"] },
      "edge/longer": { onlyInSource: [], onlyInTarget: [], changed: ["SKILL.md", "a.md"] },
      "edge/same-size": { onlyInSource: [], onlyInTarget: [], changed: ["a.md"] },
    });
    expect(inv.source.skills.get("edge/link-out")!.escapingLinks).toEqual(["leak.txt"]);
    expect(inv.source.skills.get("edge/broken")!.meta()).toEqual({ ok: false, error: { field: "frontmatter", message: "no YAML frontmatter: SKILL.md must start with a '---' line" } });
    expect(inv.target.skills.get("edge/latin1")!.meta()).toEqual({ ok: false, error: { field: "SKILL.md", message: "SKILL.md is not valid UTF-8" } });
    expect(inv.target.skills.get("edge/longer")!.meta()).toEqual({ ok: true, name: "longer", version: "0.9.0" });
    expect(inv.source.skills.get("bulk-0/s0")!.meta()).toEqual({ ok: true, name: "s0", version: "1.0.0" });
  });
});
