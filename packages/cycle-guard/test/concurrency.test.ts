import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv, testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { checkState, journalPathFor, type CycleState } from "../src/index.ts";
import { LIB, fixture, runCg } from "./bin.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("concurrency (real processes)", () => {
  it("100 slice invocations launched at once on one cycle record 100 slices", async () => {
    const dir = testdir();
    const state = join(dir, "state.json");
    expect((await runCg(state, ["start", "burst"])).code).toBe(0);
    const env = { CYCLE_GUARD_LOCK_WAIT_MS: "120000" };
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => runCg(state, ["slice", `s-${i}`], { env })));
    const failures = results.filter((r) => r.code !== 0).map((r) => `${r.code}: ${r.stderr.trim()}`);
    expect(failures).toEqual([]);
    const cycle = JSON.parse(readFileSync(state, "utf8")) as CycleState;
    expect(cycle.slices).toHaveLength(100);
    expect(new Set(cycle.slices.map((s) => s.name))).toEqual(new Set(Array.from({ length: 100 }, (_, i) => `s-${i}`)));
    // Each new slice superseded the one before: exactly one is left open, the rest are closed.
    expect(cycle.slices.filter((s) => s.ended_at === null)).toHaveLength(1);
    expect(cycle.slices.filter((s) => s.status === "superseded")).toHaveLength(99);
  }, 300_000);

  it("SIGKILL at random moments while writing never leaves an unreadable state file or a stuck lock", async () => {
    const dir = testdir();
    const state = join(dir, "state.json");
    expect((await runCg(state, ["start", "kill-test"])).code).toBe(0);
    const durable = new Set<string>();
    for (let round = 0; round < 30; round++) {
      // A library writer in a tight loop, killed 0–40 ms after it has proven it is writing.
      const looper = spawn(process.execPath, [fixture("writer.mjs"), LIB, state, `L${round}`], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      const exited = new Promise<void>((r) => looper.on("close", () => r()));
      const firstWrite = new Promise<void>((r) => looper.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        r();
      }));
      // Two bin writers alongside; one is killed at a random moment of its short life (boot included).
      const binA = runCg(state, ["slice", `A${round}`]);
      const victim = spawn(process.execPath, [join(LIB, "..", "cli.js"), "slice", `V${round}`], { env: cleanEnv({ HERMES_HOME: join(dir, "hermes-home"), CYCLE_GUARD_STATE: state }), stdio: "ignore" });
      const victimDone = new Promise<void>((r) => victim.on("close", () => r()));
      setTimeout(() => victim.kill("SIGKILL"), Math.random() * 120);
      await Promise.race([firstWrite, exited]);
      await sleep(Math.random() * 40);
      looper.kill("SIGKILL");
      await Promise.all([exited, victimDone]);
      const a = await binA;
      // The looper commits and starts in two steps, so A may land between them: NO_ACTIVE_CYCLE is legitimate.
      if (a.code === 0) durable.add(`A${round}`);
      else expect(a.stdout, `round ${round}: A exit ${a.code}: ${a.stderr}`).toContain('"code":"NO_ACTIVE_CYCLE"');
      for (const name of out.split("\n").filter(Boolean)) durable.add(name);

      const text = readFileSync(state, "utf8");
      expect(() => checkState(JSON.parse(text), state), `round ${round}: ${text.slice(0, 200)}`).not.toThrow();
      // The next commands must succeed: a lock left by a killed holder is taken over.
      const restart = await runCg(state, ["start", "--force", `R${round}`]);
      expect(restart.code, `round ${round}: ${restart.stderr}`).toBe(0);
      const next = await runCg(state, ["slice", `after-${round}`]);
      expect(next.code, `round ${round}: ${next.stderr}`).toBe(0);
      durable.add(`after-${round}`);
    }
    // Nothing reported as done was lost: every such slice is in the state or in a journaled cycle.
    const final = JSON.parse(readFileSync(state, "utf8")) as CycleState;
    const journalText = readFileSync(journalPathFor(state), "utf8");
    // The commit path (journal append, then state write) was hit too.
    expect(journalText.split("\n").filter(Boolean).length).toBeGreaterThan(0);
    const journaled = journalText.split("\n").flatMap((line) => {
      try {
        return (JSON.parse(line) as CycleState).slices.map((s) => s.name);
      } catch {
        return [];
      }
    });
    const recorded = new Set([...final.slices.map((s) => s.name), ...journaled]);
    expect([...durable].filter((n) => !recorded.has(n))).toEqual([]);
    expect(durable.size, [...durable].join(" ")).toBeGreaterThan(60);
    const status = await runCg(state, ["status"]);
    expect(status.code).toBe(0);
    writeFileSync(join(dir, "done"), "");
  }, 600_000);
});
