import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { testdir } from "@wizard-council/kit/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import { DEFAULT_WORKER, InventoryPool, type PoolJob, type PoolReply, type WorkerMessage } from "../src/inventory-pool.ts";
import { planInventories, type Inventories, type Inventory } from "../src/inventory.ts";
import { compareSkillPair, unpackPair } from "../src/skill-pair.ts";
import { mixedTrees, PKG, unopenableFile } from "./trees.ts";

// The worker as tsup builds it (the tests run from src/, where no worker file exists).
const BUILT_WORKER = pathToFileURL(join(PKG, "dist", "inventory-worker.js"));

/** Everything an inventory holds, as plain data (meta() evaluated), to compare two runs. */
function plain(inv: Inventories) {
  const side = (one: Inventory) => ({
    problems: one.problems,
    skills: [...one.skills.values()].map(({ meta, ...entry }) => ({ ...entry, meta: meta() })),
  });
  return { source: side(inv.source), target: side(inv.target), diffs: Object.fromEntries(inv.diffs) };
}

/** A worker script for the failure paths: takes every task left, records how many, then fails as told. */
function fakeWorker(dir: string, how: "throw" | "exit"): URL {
  const path = join(dir, `fake-${how}.mjs`);
  writeFileSync(path, `
    import { parentPort } from "node:worker_threads";
    import { readFileSync, writeFileSync } from "node:fs";
    parentPort.on("message", ({ tasks, counter }) => {
      const before = Atomics.add(counter, 0, tasks.length + 1);
      writeFileSync(${JSON.stringify(join(dir, "stolen"))}, String(Math.max(0, tasks.length - before)));
      if (${JSON.stringify(how)} === "throw") throw new Error("worker crashed");
      if (${JSON.stringify(how)} === "exit") process.exit(3);
    });
    parentPort.postMessage({ ready: true });
  `);
  return pathToFileURL(path);
}

async function takeWith(pool: InventoryPool, source: string, target: string) {
  onTestFinished(() => pool.close());
  await pool.ready();
  return pool.take(source, target);
}

describe("InventoryPool", () => {
  it("from src/ there is no worker file: one thread, and the inventories hold every kind of skill", async () => {
    const root = testdir();
    const { source, target } = mixedTrees(root, 3);
    const bad = unopenableFile(join(target, "bulk-0/s0"));
    onTestFinished(bad.remove);
    const pool = new InventoryPool();
    expect([DEFAULT_WORKER.pathname.endsWith("/src/inventory-worker.js"), pool.parallel]).toEqual([true, false]);
    const inv = await takeWith(pool, source, target);
    expect(pool.lastWorkerShare).toBe(0);
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

  it("the built worker takes a share of the tasks and the inventories are identical to one thread's", async () => {
    const root = testdir();
    const { source, target } = mixedTrees(root, 400);
    const bad = unopenableFile(join(source, "bulk-3/s3"));
    onTestFinished(bad.remove);
    const alone = plain(await takeWith(new InventoryPool(false), source, target));
    const pool = new InventoryPool(BUILT_WORKER);
    expect(await pool.ready()).toBe(true);
    const shared = plain(await takeWith(pool, source, target));
    expect(pool.lastWorkerShare).toBeGreaterThan(0);
    expect(shared).toEqual(alone);
    // A second job (as after --fix) goes to the same worker.
    expect(plain(await pool.take(source, target))).toEqual(alone);
    expect(pool.parallel).toBe(true);
  });

  it("the worker entry alone answers every task exactly as this thread computes it", async () => {
    const root = testdir();
    const { source, target } = mixedTrees(root, 20);
    const plan = planInventories(source, target);
    const worker = new Worker(BUILT_WORKER);
    onTestFinished(async () => {
      await worker.terminate();
    });
    const reply = new Promise<PoolReply>((resolve) => worker.on("message", (m: WorkerMessage) => "job" in m && resolve(m)));
    worker.postMessage({ job: 7, tasks: plan.tasks, counter: new Int32Array(new SharedArrayBuffer(4)) } satisfies PoolJob);
    const { job, results } = await reply;
    expect(job).toBe(7);
    expect(results.map(([i]) => i)).toEqual(plan.tasks.map((_, i) => i));
    expect(results.map(([i, r]) => unpackPair(r, plan.tasks[i]!))).toEqual(plan.tasks.map(compareSkillPair));
  });

  it.each(["throw", "exit"] as const)("a worker that takes tasks and then fails (%s) hands them back: same inventories", async (how) => {
    const root = testdir();
    const { source, target } = mixedTrees(root, 300);
    const alone = plain(await takeWith(new InventoryPool(false), source, target));
    const pool = new InventoryPool(fakeWorker(root, how));
    expect(await pool.ready()).toBe(true);
    const shared = plain(await takeWith(pool, source, target));
    expect(Number(readFileSync(join(root, "stolen"), "utf8"))).toBeGreaterThan(0);
    expect(shared).toEqual(alone);
    expect(pool.parallel).toBe(false);
    expect(plain(await pool.take(source, target))).toEqual(alone);
  });

  it("a worker file that fails to load leaves one thread doing everything", async () => {
    const root = testdir();
    const { source, target } = mixedTrees(root, 2);
    const broken = join(root, "broken.mjs");
    writeFileSync(broken, "throw new Error('cannot load');\n");
    const pool = new InventoryPool(pathToFileURL(broken));
    expect(await pool.ready()).toBe(false);
    const alone = plain(await takeWith(new InventoryPool(false), source, target));
    expect(plain(await takeWith(pool, source, target))).toEqual(alone);
    expect(pool.parallel).toBe(false);
  });
});
