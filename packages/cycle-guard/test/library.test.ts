import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import {
  abortCycle, checkSlice, commitCycle, endSlice, journalPathFor, readJournalStats, readStatus, resetState,
  resolveStatePath, resumeCycle, startCycle, startSlice,
} from "../src/index.ts";
import { fixture } from "./bin.ts";

const T0 = Date.UTC(2026, 10, 21, 3, 0, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function setup() {
  const dir = testdir();
  const state = join(dir, "cg", "state.json");
  return { dir, state, opts: { state, env: {} as NodeJS.ProcessEnv } };
}

function toolError(fn: () => unknown): { code: string; message: string; path?: string; exitCode: number } {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string; path?: string; exitCode: number };
  }
  throw new Error("expected a ToolError, nothing was thrown");
}

const journalLines = (state: string) => readFileSync(journalPathFor(state), "utf8").trim().split("\n").map((l) => JSON.parse(l));

describe("lifecycle in-process", () => {
  it("start → slice → slice → end → commit records every step, supersedes the open slice, journals the cycle", () => {
    const { state, opts } = setup();
    const started = startCycle({ ...opts, target: "fix auth", details: "ticket 12", now: at(0) });
    expect(started.data.event).toMatchObject({ type: "cycle_started", at: at(0).toISOString() });
    expect(started.data.cycle).toMatchObject({ status: "in_progress", target: "fix auth", details: "ticket 12", slices: [] });
    startSlice({ ...opts, name: "read", now: at(1) });
    const second = startSlice({ ...opts, name: "patch", now: at(3) });
    expect(second.data.event).toMatchObject({ type: "slice_started", slice: "patch", supersededSlice: "read" });
    const ended = endSlice({ ...opts, status: "failed", artifact: "/tmp/p.diff", now: at(4) });
    expect(ended.data.event).toMatchObject({ type: "slice_ended", slice: "patch", sliceStatus: "failed" });
    startSlice({ ...opts, name: "retry", now: at(5) });
    const committed = commitCycle({ ...opts, proof: { schema: "wizard-council/report@1", status: "ok" }, now: at(7) });
    const cycle = committed.data.cycle!;
    expect(cycle.status).toBe("complete");
    expect(cycle.completed_at).toBe(at(7).toISOString());
    expect(cycle.proof).toEqual({ schema: "wizard-council/report@1", status: "ok" });
    expect(cycle.slices.map((s) => [s.name, s.status, s.ended_at, s.artifact])).toEqual([
      ["read", "superseded", at(3).toISOString(), null],
      ["patch", "failed", at(4).toISOString(), "/tmp/p.diff"],
      ["retry", "complete", at(7).toISOString(), null],
    ]);
    const lines = journalLines(state);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ cycle_id: cycle.cycle_id, status: "complete", journaled_at: at(7).toISOString() });
    expect(JSON.parse(readFileSync(state, "utf8"))).toEqual(cycle);
  });

  it("writes the state and the journal with mode 0600 in a 0700 directory", () => {
    const { state, opts } = setup();
    startCycle({ ...opts, target: "t" });
    abortCycle({ ...opts, reason: "not needed" });
    expect(statSync(state).mode & 0o777).toBe(0o600);
    expect(statSync(journalPathFor(state)).mode & 0o777).toBe(0o600);
    expect(statSync(join(state, "..")).mode & 0o777).toBe(0o700);
  });

  it("start over a running cycle refuses with CYCLE_IN_PROGRESS and leaves it as it was", () => {
    const { state, opts } = setup();
    startCycle({ ...opts, target: "first", now: at(0) });
    startSlice({ ...opts, name: "s", now: at(1) });
    const before = readFileSync(state, "utf8");
    const err = toolError(() => startCycle({ ...opts, target: "second", now: at(2) }));
    expect(err.code).toBe("CYCLE_IN_PROGRESS");
    expect(err.path).toBe(state);
    expect(readFileSync(state, "utf8")).toBe(before);
    expect(existsSync(journalPathFor(state))).toBe(false);
  });

  it("start --force aborts the running cycle with 'superseded by <target>' and journals it first", () => {
    const { state, opts } = setup();
    const first = startCycle({ ...opts, target: "first", now: at(0) }).data.cycle!;
    startSlice({ ...opts, name: "half done", now: at(1) });
    const second = startCycle({ ...opts, target: "second", force: true, now: at(2) });
    expect(second.data.event?.supersededCycle).toEqual({ cycleId: first.cycle_id, reason: "superseded by second" });
    expect(second.data.cycle).toMatchObject({ target: "second", status: "in_progress", slices: [] });
    const [line] = journalLines(state);
    expect(line).toMatchObject({ cycle_id: first.cycle_id, status: "aborted", abort_reason: "superseded by second", aborted_at: at(2).toISOString() });
    expect(line.slices[0]).toMatchObject({ name: "half done", status: "aborted", ended_at: at(2).toISOString() });
  });

  it.each([
    { what: "slice", run: (o: any) => startSlice({ ...o, name: "x" }), code: "NO_ACTIVE_CYCLE" },
    { what: "end", run: (o: any) => endSlice(o), code: "NO_ACTIVE_CYCLE" },
    { what: "commit", run: (o: any) => commitCycle(o), code: "NO_ACTIVE_CYCLE" },
    { what: "abort", run: (o: any) => abortCycle({ ...o, reason: "r" }), code: "NO_ACTIVE_CYCLE" },
  ])("$what without a cycle → $code, and creates no state directory", ({ run, code }) => {
    const { state, opts } = setup();
    expect(toolError(() => run(opts)).code).toBe(code);
    expect(existsSync(join(state, ".."))).toBe(false);
  });

  it("after a commit, slice/end/commit/abort refuse with NO_ACTIVE_CYCLE naming the last cycle", () => {
    const { opts } = setup();
    const id = startCycle({ ...opts, target: "t" }).data.cycle!.cycle_id;
    commitCycle(opts);
    const err = toolError(() => startSlice({ ...opts, name: "late" }));
    expect(err.code).toBe("NO_ACTIVE_CYCLE");
    expect(err.message).toContain(`last cycle ${id} is complete`);
  });

  it("end without an open slice → NO_OPEN_SLICE; a bad --status → INVALID_ARGUMENT", () => {
    const { opts } = setup();
    startCycle({ ...opts, target: "t" });
    expect(toolError(() => endSlice(opts)).code).toBe("NO_OPEN_SLICE");
    startSlice({ ...opts, name: "s" });
    const bad = toolError(() => endSlice({ ...opts, status: "done" }));
    expect([bad.code, bad.path]).toEqual(["INVALID_ARGUMENT", "--status"]);
  });

  it.each([
    { what: "empty target", run: (o: any) => startCycle({ ...o, target: "  " }) },
    { what: "empty slice name", run: (o: any) => startSlice({ ...o, name: "" }) },
    { what: "empty abort reason", run: (o: any) => abortCycle({ ...o, reason: "" }) },
  ])("$what → INVALID_ARGUMENT", ({ run }) => {
    const { opts } = setup();
    expect(toolError(() => run(opts)).code).toBe("INVALID_ARGUMENT");
  });
});

describe("corrupt state", () => {
  it.each([["{not json"], [""], ['{"status": "in_progress", "cycle_id": "c", "started_at": "never"}']])(
    "%j → CORRUPT_STATE on every command, file byte-identical",
    (content) => {
      const { state, opts } = setup();
      mkdirSync(join(state, ".."), { recursive: true });
      writeFileSync(state, content);
      for (const run of [
        () => startCycle({ ...opts, target: "t", force: true }), () => startSlice({ ...opts, name: "s" }), () => endSlice(opts),
        () => commitCycle(opts), () => abortCycle({ ...opts, reason: "r" }), () => resumeCycle(opts), () => readStatus(opts),
        () => checkSlice(opts), () => readJournalStats(opts),
      ]) {
        const err = toolError(run);
        expect(err.code).toBe("CORRUPT_STATE");
        expect(err.path).toBe(state);
        expect(readFileSync(state, "utf8")).toBe(content);
      }
    },
  );

  it("reset refuses without yes; with yes moves the file aside and starts empty", () => {
    const { state, opts } = setup();
    mkdirSync(join(state, ".."), { recursive: true });
    writeFileSync(state, "{torn");
    expect(toolError(() => resetState(opts)).code).toBe("CONFIRMATION_REQUIRED");
    expect(readFileSync(state, "utf8")).toBe("{torn");
    const report = resetState({ ...opts, yes: true, now: at(0) });
    const movedTo = `${state}.corrupt-20261121T030000000Z`;
    expect(report.data.event).toEqual({ type: "state_reset", at: at(0).toISOString(), cycleId: null, movedTo });
    expect(readFileSync(movedTo, "utf8")).toBe("{torn");
    expect(existsSync(state)).toBe(false);
    expect(readStatus(opts).data.cycle).toBeNull();
    expect(startCycle({ ...opts, target: "fresh" }).data.cycle!.target).toBe("fresh");
  });

  it("reset --yes on a valid state refuses with STATE_NOT_CORRUPT and touches nothing", () => {
    const { state, opts } = setup();
    startCycle({ ...opts, target: "t" });
    const before = readFileSync(state, "utf8");
    expect(toolError(() => resetState({ ...opts, yes: true })).code).toBe("STATE_NOT_CORRUPT");
    expect(readFileSync(state, "utf8")).toBe(before);
  });
});

describe("the older Python tool's state files", () => {
  it("loads an in-progress file unchanged, keeps unknown keys and old timestamps when rewriting", () => {
    const { state, opts } = setup();
    mkdirSync(join(state, ".."), { recursive: true });
    copyFileSync(fixture("python-in-progress.json"), state);
    const original = JSON.parse(readFileSync(fixture("python-in-progress.json"), "utf8"));
    const status = readStatus({ ...opts, now: new Date("2026-11-21T03:06:11Z") });
    expect(status.data.cycle).toEqual(original);
    expect(status.data.openSlice).toEqual({ name: "write patch", startedAt: "2026-11-21T03:04:11", ageMs: 120_000 });
    startSlice({ ...opts, name: "test", now: new Date("2026-11-21T03:07:00Z") });
    const rewritten = JSON.parse(readFileSync(state, "utf8"));
    expect(rewritten.wizard).toBe("allegro");
    expect(rewritten.notes).toEqual(["written by the older Python tool"]);
    expect(rewritten.version).toBe("1.0");
    expect(rewritten.started_at).toBe("2026-11-21T03:00:00.123456+00:00");
    expect(rewritten.slices[1]).toEqual({ ...original.slices[1], ended_at: "2026-11-21T03:07:00.000Z", status: "superseded" });
    expect(rewritten.slices[2]).toMatchObject({ name: "test", started_at: "2026-11-21T03:07:00.000Z", ended_at: null });
  });

  it("reads naive timestamps as UTC for check and resume", () => {
    const { state, opts } = setup();
    mkdirSync(join(state, ".."), { recursive: true });
    copyFileSync(fixture("python-in-progress.json"), state);
    // The open slice started at the naive 03:04:11 (UTC): 11 minutes later it is over the 10-minute limit.
    const check = checkSlice({ ...opts, now: new Date("2026-11-21T03:15:12Z") });
    expect(check.status).toBe("fail");
    expect(check.findings[0]!.data).toEqual({ slice: "write patch", ageMs: 661_000, maxMinutes: 10 });
    expect(resumeCycle({ ...opts, now: new Date("2026-11-21T03:34:11Z") }).data.event).toBeUndefined();
    const resumed = resumeCycle({ ...opts, now: new Date("2026-11-21T03:34:12Z") });
    expect(resumed.data.event?.reason).toBe("crash recovery — stale slice detected (30m old)");
  });

  it("journals a cycle the older tool finished before start replaces it", () => {
    const { state, opts } = setup();
    mkdirSync(join(state, ".."), { recursive: true });
    copyFileSync(fixture("python-complete.json"), state);
    startCycle({ ...opts, target: "next", now: at(30) });
    const [line] = journalLines(state);
    expect(line).toMatchObject({ cycle_id: "cycle-1795220000", status: "complete", proof: { commit: "abc123" }, journaled_at: at(30).toISOString() });
    const log = readJournalStats({ ...opts, now: at(31) });
    expect(log.data.cycles).toEqual([{
      cycleId: "cycle-1795220000", status: "complete", target: "rotate logs", startedAt: "2026-11-21T00:00:00+00:00",
      finishedAt: "2026-11-21T00:10:00.250000+00:00", durationMs: 600_250, slices: 1, abortReason: null,
    }]);
  });
});

describe("resume", () => {
  it("leaves a live cycle alone, aborts an idle one with the spec's reason and journals it", () => {
    const { state, opts } = setup();
    startCycle({ ...opts, target: "t", now: at(0) });
    startSlice({ ...opts, name: "a", now: at(1) });
    endSlice({ ...opts, now: at(5) });
    const alive = resumeCycle({ ...opts, now: at(35) });
    expect([alive.status, alive.data.event, alive.data.cycle?.status]).toEqual(["ok", undefined, "in_progress"]);
    const stale = resumeCycle({ ...opts, now: at(36) });
    expect(stale.status).toBe("warn");
    expect(stale.data.event).toMatchObject({ type: "cycle_aborted", reason: "crash recovery — stale cycle detected (31m idle)" });
    expect(journalLines(state)[0]).toMatchObject({ status: "aborted", abort_reason: "crash recovery — stale cycle detected (31m idle)" });
  });

  it("honours --stale-minutes and reports nothing to do without a cycle", () => {
    const { opts } = setup();
    expect(resumeCycle(opts).findings[0]!.title).toBe("no cycle in progress");
    startCycle({ ...opts, target: "t", now: at(0) });
    startSlice({ ...opts, name: "a", now: at(0) });
    expect(resumeCycle({ ...opts, staleMinutes: 5, now: at(5) }).data.event).toBeUndefined();
    expect(resumeCycle({ ...opts, staleMinutes: 5, now: at(6) }).data.event?.reason).toBe("crash recovery — stale slice detected (6m old)");
  });
});

describe("check", () => {
  it("fails only when the open slice is over the limit", () => {
    const { opts } = setup();
    expect(checkSlice(opts).findings[0]!.title).toBe("no cycle in progress");
    startCycle({ ...opts, target: "t", now: at(0) });
    expect(checkSlice({ ...opts, now: at(1) }).findings[0]!.title).toBe("no open slice");
    startSlice({ ...opts, name: "long", now: at(1) });
    expect(checkSlice({ ...opts, now: at(11) }).status).toBe("ok");
    const over = checkSlice({ ...opts, now: at(11.5) });
    expect([over.status, over.findings[0]!.title]).toEqual(["fail", 'slice "long" is over the limit: 10m > 10m']);
    expect(checkSlice({ ...opts, maxMinutes: 15, now: at(11.5) }).status).toBe("ok");
  });
});

describe("log", () => {
  function history(opts: { state: string; env: NodeJS.ProcessEnv }) {
    // three cycles: committed in 10 min, aborted in 2 min, committed in 30 min
    startCycle({ ...opts, target: "one", now: at(0) });
    commitCycle({ ...opts, now: at(10) });
    startCycle({ ...opts, target: "two", now: at(20) });
    abortCycle({ ...opts, reason: "blocked", now: at(22) });
    startCycle({ ...opts, target: "three", now: at(30) });
    commitCycle({ ...opts, now: at(60) });
  }

  it("lists newest first with committed/aborted/commitRate/median", () => {
    const { opts } = setup();
    history(opts);
    const log = readJournalStats({ ...opts, now: at(61) });
    expect(log.data.cycles.map((c) => [c.target, c.status, c.durationMs, c.abortReason])).toEqual([
      ["three", "complete", 1_800_000, null], ["two", "aborted", 120_000, "blocked"], ["one", "complete", 600_000, null],
    ]);
    expect(log.data.stats).toEqual({ committed: 2, aborted: 1, commitRate: 2 / 3, medianDurationMs: 600_000, skippedLines: 0 });
  });

  it("applies --limit to the listing and --since to listing and stats; a bad --since is INVALID_ARGUMENT", () => {
    const { opts } = setup();
    history(opts);
    const limited = readJournalStats({ ...opts, limit: 1 });
    expect(limited.data.cycles.map((c) => c.target)).toEqual(["three"]);
    expect(limited.data.stats.committed).toBe(2);
    const since = readJournalStats({ ...opts, since: at(22).toISOString() });
    expect(since.data.cycles.map((c) => c.target)).toEqual(["three", "two"]);
    expect(since.data.stats).toMatchObject({ committed: 1, aborted: 1, commitRate: 0.5 });
    const err = toolError(() => readJournalStats({ ...opts, since: "last tuesday" }));
    expect([err.code, err.path]).toEqual(["INVALID_ARGUMENT", "--since"]);
  });

  it("skips and counts corrupt lines (a torn tail included) and keeps the latest line of a cycle journaled twice", () => {
    const { state, opts } = setup();
    history(opts);
    const journal = journalPathFor(state);
    const lines = readFileSync(journal, "utf8").trim().split("\n");
    const dup = { ...JSON.parse(lines[0]!), status: "aborted", aborted_at: at(11).toISOString(), abort_reason: "redo" };
    writeFileSync(journal, `${lines[0]}\nnot json\n{"status":"complete"}\n[1,2]\n${lines[1]}\n${lines[2]}\n${JSON.stringify(dup)}\n{"cycle_id":"torn`);
    const log = readJournalStats(opts);
    expect(log.data.stats).toEqual({ committed: 1, aborted: 2, commitRate: 1 / 3, medianDurationMs: 660_000, skippedLines: 4 });
    expect(log.status).toBe("warn");
    expect(log.data.cycles.map((c) => c.target)).toEqual(["one", "three", "two"]);
    // The next append starts on a fresh line instead of gluing itself to the torn one.
    startCycle({ ...opts, target: "four", now: at(70) });
    commitCycle({ ...opts, now: at(71) });
    const after = readJournalStats(opts);
    expect(after.data.stats.skippedLines).toBe(4);
    expect(after.data.cycles[0]!.target).toBe("four");
  });

  it("an empty or missing journal gives zero stats", () => {
    const { opts } = setup();
    expect(readJournalStats(opts).data.stats).toEqual({ committed: 0, aborted: 0, commitRate: null, medianDurationMs: null, skippedLines: 0 });
  });
});

describe("resolveStatePath", () => {
  it.each([
    { what: "the flag wins", opts: { state: "/a/s.json" }, env: { CYCLE_GUARD_STATE: "/b/s.json", ALLEGRO_CYCLE_STATE: "/c/s.json" }, expected: "/a/s.json" },
    { what: "then CYCLE_GUARD_STATE", opts: {}, env: { CYCLE_GUARD_STATE: "/b/s.json", ALLEGRO_CYCLE_STATE: "/c/s.json" }, expected: "/b/s.json" },
    { what: "then ALLEGRO_CYCLE_STATE", opts: {}, env: { ALLEGRO_CYCLE_STATE: "/c/s.json", HERMES_HOME: "/h" }, expected: "/c/s.json" },
    { what: "then $HERMES_HOME", opts: {}, env: { HERMES_HOME: "/h" }, expected: "/h/cycle-guard/state.json" },
    { what: "--hermes-home over $HERMES_HOME", opts: { hermesHome: "/flag" }, env: { HERMES_HOME: "/h" }, expected: "/flag/cycle-guard/state.json" },
  ])("$what", ({ opts, env, expected }) => {
    expect(resolveStatePath({ ...opts, env })).toBe(expected);
  });

  it("reads CYCLE_GUARD_STATE from $HERMES_HOME/.env; the real environment wins", () => {
    const home = testdir();
    writeFileSync(join(home, ".env"), "CYCLE_GUARD_STATE=/from/dotenv.json\n");
    expect(resolveStatePath({ env: { HERMES_HOME: home } })).toBe("/from/dotenv.json");
    expect(resolveStatePath({ env: { HERMES_HOME: home, CYCLE_GUARD_STATE: "/from/env.json" } })).toBe("/from/env.json");
    expect(journalPathFor("/from/env.json")).toBe("/from/journal.jsonl");
  });
});

describe("leftovers of killed writers", () => {
  it("start sweeps the temp files of writes killed before their rename, and nothing else", () => {
    const { state, opts } = setup();
    startCycle({ ...opts, target: "first" });
    commitCycle(opts);
    const dir = join(state, "..");
    writeFileSync(join(dir, ".state.json.4242.abc123de.tmp"), '{"half": ');
    writeFileSync(join(dir, ".other.json.4242.abc123de.tmp"), "not ours");
    writeFileSync(join(dir, "notes.txt"), "keep");
    startCycle({ ...opts, target: "second" });
    expect(existsSync(join(dir, ".state.json.4242.abc123de.tmp"))).toBe(false);
    expect(readFileSync(join(dir, ".other.json.4242.abc123de.tmp"), "utf8")).toBe("not ours");
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("keep");
  });
});
