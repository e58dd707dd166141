import { describe, expect, it } from "vitest";
import { staleReason } from "../src/cycle.ts";
import { summarizeJournal } from "../src/history.ts";
import type { JournalEntry } from "../src/journal.ts";
import { checkState, type CycleState } from "../src/state.ts";
import { formatDuration, parseTimestamp, wholeMinutes } from "../src/timestamp.ts";

describe("parseTimestamp", () => {
  it.each([
    ["2026-11-21T03:00:00.000Z", Date.UTC(2026, 10, 21, 3, 0, 0, 0)],
    ["2026-11-21T03:00:00.123456+00:00", Date.UTC(2026, 10, 21, 3, 0, 0, 123)],
    ["2026-11-21T03:00:00", Date.UTC(2026, 10, 21, 3, 0, 0)],
    ["2026-11-21 03:00:00.5", Date.UTC(2026, 10, 21, 3, 0, 0, 500)],
    ["2026-11-21T05:30:00+02:30", Date.UTC(2026, 10, 21, 3, 0, 0)],
    ["2026-11-20T22:00:00-05:00", Date.UTC(2026, 10, 21, 3, 0, 0)],
    ["2026-11-21T03:00:00+0000", Date.UTC(2026, 10, 21, 3, 0, 0)],
    ["2026-11-21", Date.UTC(2026, 10, 21)],
  ])("%s → epoch ms", (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it.each([["yesterday"], ["2026-13-01T00:00:00Z"], ["2026-02-31T00:00:00Z"], ["2026-11-21T25:00:00Z"], [""], [null], [1763694000], [undefined]])(
    "%s is not a timestamp",
    (text) => {
      expect(parseTimestamp(text)).toBeUndefined();
    },
  );
});

describe("durations", () => {
  it.each([[0, "0s"], [42_400, "42s"], [60_000, "1m"], [719_999, "11m"], [3_900_000, "1h05m"]])("formatDuration(%d) = %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
  it.each([[59_999, 0], [60_000, 1], [1_859_000, 30], [-5, 0]])("wholeMinutes(%d) = %d", (ms, minutes) => {
    expect(wholeMinutes(ms)).toBe(minutes);
  });
});

const T0 = Date.UTC(2026, 10, 21, 3, 0, 0);
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
function cycle(slices: [number, number | null][], status: CycleState["status"] = "in_progress"): CycleState {
  return {
    cycle_id: "c1", status, target: "t", details: null, started_at: iso(0), completed_at: null, aborted_at: null,
    abort_reason: null, proof: null, version: 1, last_updated: iso(0),
    slices: slices.map(([s, e], i) => ({ name: `s${i}`, started_at: iso(s), ended_at: e === null ? null : iso(e), status: e === null ? "in_progress" : "complete", artifact: null })),
  };
}

describe("staleReason (resume)", () => {
  it.each([
    { what: "fresh cycle, no slices", slices: [], now: 29, expected: undefined },
    { what: "idle cycle, no slices", slices: [], now: 31, expected: "crash recovery — stale cycle detected (31m idle)" },
    { what: "open slice past the limit", slices: [[5, null]], now: 40, expected: "crash recovery — stale slice detected (35m old)" },
    { what: "open slice within the limit", slices: [[5, null]], now: 34, expected: undefined },
    { what: "long cycle that keeps making slices", slices: [[0, 20], [20, 45], [45, 70], [70, null]], now: 95, expected: undefined },
    { what: "long cycle whose last slice ended long ago", slices: [[0, 20], [20, 45]], now: 80, expected: "crash recovery — stale cycle detected (35m idle)" },
    { what: "exactly at the limit is not stale", slices: [[0, 10]], now: 40, expected: undefined },
  ] as const)("$what", ({ slices, now, expected }) => {
    expect(staleReason(cycle(slices as unknown as [number, number | null][]), T0 + now * 60_000, 30 * 60_000)).toBe(expected);
  });

  it("a finished cycle is never stale", () => {
    expect(staleReason(cycle([], "complete"), T0 + 999 * 60_000, 60_000)).toBeUndefined();
  });
});

describe("summarizeJournal", () => {
  const entry = (status: "complete" | "aborted", durationMs: number | null): JournalEntry => ({
    cycleId: "x", status, target: "t", startedAt: iso(0), finishedAt: iso(1), durationMs, slices: 0, abortReason: null,
  });
  it.each([
    { entries: [], expected: { committed: 0, aborted: 0, commitRate: null, medianDurationMs: null, skippedLines: 0 } },
    { entries: [entry("complete", 1000)], expected: { committed: 1, aborted: 0, commitRate: 1, medianDurationMs: 1000, skippedLines: 0 } },
    {
      entries: [entry("complete", 4000), entry("aborted", 1000), entry("complete", 3000), entry("complete", 2000)],
      expected: { committed: 3, aborted: 1, commitRate: 0.75, medianDurationMs: 2500, skippedLines: 0 },
    },
    { entries: [entry("aborted", 9000), entry("aborted", null), entry("complete", 1000)], expected: { committed: 1, aborted: 2, commitRate: 1 / 3, medianDurationMs: 5000, skippedLines: 0 } },
  ])("$expected.committed committed / $expected.aborted aborted", ({ entries, expected }) => {
    expect(summarizeJournal(entries)).toEqual(expected);
  });
});

describe("checkState", () => {
  const good = () => JSON.parse(JSON.stringify(cycle([[0, null]]))) as Record<string, any>;
  it.each([
    { what: "an array", mutate: () => [] as unknown, field: "(root)" },
    { what: "an unknown status", mutate: (s: Record<string, any>) => ({ ...s, status: "paused" }), field: "status" },
    { what: "a missing cycle_id", mutate: (s: Record<string, any>) => ({ ...s, cycle_id: undefined }), field: "cycle_id" },
    { what: "a bad started_at", mutate: (s: Record<string, any>) => ({ ...s, started_at: "soon" }), field: "started_at" },
    { what: "slices not a list", mutate: (s: Record<string, any>) => ({ ...s, slices: {} }), field: "slices" },
    { what: "a slice without a start", mutate: (s: Record<string, any>) => ({ ...s, slices: [{ name: "a" }] }), field: "slices[0].started_at" },
    { what: "a bad completed_at", mutate: (s: Record<string, any>) => ({ ...s, completed_at: 5 }), field: "completed_at" },
  ])("rejects $what as CORRUPT_STATE naming $field", ({ mutate, field }) => {
    let caught: any;
    try {
      checkState(mutate(good()), "/x/state.json");
    } catch (err) {
      caught = err;
    }
    expect(caught?.code).toBe("CORRUPT_STATE");
    expect(caught?.path).toBe("/x/state.json");
    expect(caught?.message).toContain(`"${field}"`);
  });

  it.each([[{}], [{ version: 1 }], [{ status: null, cycle_id: null }]])("treats %j as holding no cycle", (value) => {
    expect(checkState(value, "/x")).toBeUndefined();
  });

  it("fills in missing slices and keeps unknown keys", () => {
    const s = checkState({ ...good(), slices: undefined, wizard: "allegro" }, "/x")!;
    expect(s.slices).toEqual([]);
    expect(s.wizard).toBe("allegro");
  });
});
