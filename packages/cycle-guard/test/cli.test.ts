import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { cleanEnv, parseSingleReport, runBin, testdir } from "@wizard-council/kit/testing";
import { describe, expect, it } from "vitest";
import { BIN, SCHEMA, cgReport, fixture, runCg } from "./bin.ts";

function stateIn(dir = testdir()): string {
  return join(dir, "cg", "state.json");
}

async function started(target = "t"): Promise<string> {
  const state = stateIn();
  expect((await runCg(state, ["start", target])).code).toBe(0);
  return state;
}

async function corrupt(): Promise<string> {
  const state = stateIn();
  mkdirSync(join(state, ".."), { recursive: true });
  writeFileSync(state, '{"cycle_id": "c1", "status": "in_progr');
  return state;
}

function holdLock(state: string): void {
  // A live holder (this test process), taken just now: the bin must wait and give up with 75.
  mkdirSync(join(state, ".."), { recursive: true });
  writeFileSync(`${state}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), createdAt: new Date().toISOString(), nonce: "test" }));
}

describe("error paths: exit code, error code, one stderr line, error envelope", () => {
  it.each([
    { what: "start over a running cycle", setup: () => started(), args: ["start", "other"], exit: 2, code: "CYCLE_IN_PROGRESS" },
    { what: "slice without a cycle", setup: async () => stateIn(), args: ["slice", "s"], exit: 2, code: "NO_ACTIVE_CYCLE" },
    { what: "end without a cycle", setup: async () => stateIn(), args: ["end"], exit: 2, code: "NO_ACTIVE_CYCLE" },
    { what: "end without an open slice", setup: () => started(), args: ["end"], exit: 2, code: "NO_OPEN_SLICE" },
    { what: "end with a bad --status", setup: () => started(), args: ["end", "--status", "done"], exit: 2, code: "INVALID_ARGUMENT" },
    { what: "commit without a cycle", setup: async () => stateIn(), args: ["commit"], exit: 2, code: "NO_ACTIVE_CYCLE" },
    { what: "commit with invalid inline proof", setup: () => started(), args: ["commit", "--proof", "{oops"], exit: 2, code: "INVALID_PROOF", path: "--proof" },
    { what: "commit with a missing proof file", setup: () => started(), args: ["commit", "--proof", "@/nonexistent/proof.json"], exit: 2, code: "INVALID_PROOF", path: "/nonexistent/proof.json" },
    { what: "commit with invalid proof on stdin", setup: () => started(), args: ["commit", "--proof", "-"], input: "not json\n", exit: 2, code: "INVALID_PROOF", path: "stdin" },
    { what: "commit with empty stdin", setup: () => started(), args: ["commit", "--proof", "-"], input: "", exit: 2, code: "INVALID_PROOF", path: "stdin" },
    { what: "abort without a cycle", setup: async () => stateIn(), args: ["abort", "why"], exit: 2, code: "NO_ACTIVE_CYCLE" },
    { what: "start on a corrupt state", setup: corrupt, args: ["start", "--force", "x"], exit: 2, code: "CORRUPT_STATE" },
    { what: "slice on a corrupt state", setup: corrupt, args: ["slice", "x"], exit: 2, code: "CORRUPT_STATE" },
    { what: "status on a corrupt state", setup: corrupt, args: ["status"], exit: 2, code: "CORRUPT_STATE" },
    { what: "check on a corrupt state", setup: corrupt, args: ["check"], exit: 2, code: "CORRUPT_STATE" },
    { what: "resume on a corrupt state", setup: corrupt, args: ["resume"], exit: 2, code: "CORRUPT_STATE" },
    { what: "a state path that is a directory", setup: async () => { const s = stateIn(); mkdirSync(s, { recursive: true }); return s; }, args: ["status"], exit: 2, code: "STATE_UNREADABLE" },
    { what: "commit when the journal cannot be written", setup: async () => { const s = await started(); mkdirSync(join(s, "..", "journal.jsonl")); return s; }, args: ["commit"], exit: 2, code: "JOURNAL_WRITE_FAILED" },
    { what: "reset without --yes", setup: corrupt, args: ["reset"], exit: 2, code: "CONFIRMATION_REQUIRED" },
    { what: "reset --yes on a valid state", setup: () => started(), args: ["reset", "--yes"], exit: 2, code: "STATE_NOT_CORRUPT" },
    { what: "a lock held past the wait", setup: async () => { const s = await started(); holdLock(s); return s; }, args: ["slice", "s"], env: { CYCLE_GUARD_LOCK_WAIT_MS: "300" }, exit: 75, code: "LOCK_TIMEOUT" },
    { what: "a bad CYCLE_GUARD_LOCK_WAIT_MS", setup: () => started(), args: ["slice", "s"], env: { CYCLE_GUARD_LOCK_WAIT_MS: "soon" }, exit: 2, code: "INVALID_ARGUMENT", path: "CYCLE_GUARD_LOCK_WAIT_MS" },
    { what: "a bad --max-minutes", setup: () => started(), args: ["check", "--max-minutes", "ten"], exit: 2, code: "INVALID_ARGUMENT", path: "--max-minutes" },
    { what: "a bad --stale-minutes", setup: () => started(), args: ["resume", "--stale-minutes", "-1"], exit: 2, code: "INVALID_ARGUMENT", path: "--stale-minutes" },
    { what: "a bad --limit", setup: () => started(), args: ["log", "--limit", "many"], exit: 2, code: "INVALID_ARGUMENT", path: "--limit" },
    { what: "a bad --since", setup: () => started(), args: ["log", "--since", "monday"], exit: 2, code: "INVALID_ARGUMENT", path: "--since" },
    { what: "an unknown flag", setup: () => started(), args: ["slice", "s", "--fast"], exit: 2, code: "UNKNOWN_FLAG" },
    { what: "an unknown command", setup: () => started(), args: ["pause"], exit: 2, code: "UNKNOWN_COMMAND" },
    { what: "a missing positional", setup: () => started(), args: ["abort"], exit: 2, code: "USAGE" },
  ])("$what → exit $exit $code", async ({ setup, args, exit, code, input, env, path }) => {
    const state = await setup();
    const before = (() => {
      try {
        return readFileSync(state, "utf8");
      } catch {
        return undefined;
      }
    })();
    const r = await runCg(state, args, { input, env });
    expect(r.code).toBe(exit);
    const report = parseSingleReport(r.stdout, SCHEMA);
    expect(report.status).toBe("error");
    expect(report.error.code).toBe(code);
    if (path) expect(report.error.path).toBe(path);
    if (code === "CORRUPT_STATE" || code === "NO_ACTIVE_CYCLE" || code === "CYCLE_IN_PROGRESS") expect(report.error.path).toBe(state);
    const errorLines = r.stderr.split("\n").filter((l) => l.startsWith("cycle-guard: "));
    expect(errorLines).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // Failing commands never change the state file.
    if (before !== undefined) expect(readFileSync(state, "utf8")).toBe(before);
  });
});

describe("commands end to end", () => {
  it("start/slice/end/commit through the bin: each report validates and carries data.cycle and data.event", async () => {
    const state = stateIn();
    const start = await cgReport(state, ["start", "deploy gateway", "--details", "v2"]);
    expect(start.code).toBe(0);
    expect(start.report.data.event.type).toBe("cycle_started");
    expect(start.report.data.statePath).toBe(state);
    const slice = await cgReport(state, ["slice", "build"]);
    expect(slice.report.data.cycle.slices.map((s: any) => s.name)).toEqual(["build"]);
    const end = await cgReport(state, ["end", "--status", "complete", "--artifact", "https://ci.example/1"]);
    expect(end.report.data.event).toMatchObject({ type: "slice_ended", slice: "build", sliceStatus: "complete" });
    expect(end.report.data.cycle.slices[0].artifact).toBe("https://ci.example/1");
    const proof = { schema: "wizard-council/report@1", tool: "skills-audit", status: "ok", findings: [], data: { checked: 12 } };
    const commit = await cgReport(state, ["commit", "--proof", "-"], { input: JSON.stringify(proof) });
    expect(commit.code).toBe(0);
    expect(commit.report.data.cycle).toMatchObject({ status: "complete", proof });
    expect(JSON.parse(readFileSync(state, "utf8")).proof).toEqual(proof);
    const log = await cgReport(state, ["log"]);
    expect(log.report.data.stats).toMatchObject({ committed: 1, aborted: 0, commitRate: 1, skippedLines: 0 });
    expect(log.report.data.cycles[0]).toMatchObject({ target: "deploy gateway", status: "complete", slices: 1 });
  });

  it.each([
    { form: "inline JSON", args: ["--proof", '["a", 1]'], file: undefined, expected: ["a", 1] },
    { form: "@file", args: [], file: '{"pr": 42}\n', expected: { pr: 42 } },
    { form: "a bare JSON string", args: ["--proof", '"done"'], file: undefined, expected: "done" },
    { form: "no proof", args: [], file: undefined, expected: null },
  ])("commit stores the proof given as $form", async ({ args, file, expected }) => {
    const state = await started();
    const extra = [...args];
    if (file !== undefined) {
      const path = join(state, "..", "proof.json");
      writeFileSync(path, file);
      extra.push("--proof", `@${path}`);
    }
    const commit = await cgReport(state, ["commit", ...extra]);
    expect(commit.code).toBe(0);
    expect(commit.report.data.cycle.proof).toEqual(expected);
  });

  it("abort ends an open slice as aborted and journals the reason", async () => {
    const state = await started();
    await runCg(state, ["slice", "half"]);
    const abort = await cgReport(state, ["abort", "upstream is down"]);
    expect(abort.report.data.cycle).toMatchObject({ status: "aborted", abort_reason: "upstream is down" });
    expect(abort.report.data.cycle.slices[0].status).toBe("aborted");
    const line = JSON.parse(readFileSync(join(state, "..", "journal.jsonl"), "utf8").trim());
    expect(line).toMatchObject({ status: "aborted", abort_reason: "upstream is down" });
  });

  it("start --force journals the superseded cycle", async () => {
    const state = await started("old");
    const force = await cgReport(state, ["start", "--force", "new"]);
    expect(force.code).toBe(0);
    expect(force.report.data.event.supersededCycle.reason).toBe("superseded by new");
    const line = JSON.parse(readFileSync(join(state, "..", "journal.jsonl"), "utf8").trim());
    expect(line).toMatchObject({ target: "old", status: "aborted", abort_reason: "superseded by new" });
  });

  it("check exits 1 with a fail finding once the open slice is over --max-minutes", async () => {
    const state = await started();
    await runCg(state, ["slice", "long"]);
    const within = await cgReport(state, ["check"]);
    expect([within.code, within.report.status]).toEqual([0, "ok"]);
    // --max-minutes 0: any open slice that has existed for more than 0 ms is over the limit.
    const over = await cgReport(state, ["check", "--max-minutes", "0"]);
    expect([over.code, over.report.status, over.report.findings[0].status]).toEqual([1, "fail", "fail"]);
    expect(over.report.findings[0].title).toMatch(/^slice "long" is over the limit/);
  });

  it("resume exits 0 and aborts a cycle idle past --stale-minutes", async () => {
    const state = await started();
    const alive = await cgReport(state, ["resume"]);
    expect([alive.code, alive.report.data.event]).toEqual([0, undefined]);
    const stale = await cgReport(state, ["resume", "--stale-minutes", "0"]);
    expect(stale.code).toBe(0);
    expect(stale.report.data.event.reason).toMatch(/^crash recovery — stale cycle detected \(0m idle\)$/);
    expect(stale.report.data.cycle.status).toBe("aborted");
  });

  it("reset --yes moves a corrupt file aside, byte for byte, and the tool starts empty", async () => {
    const state = await corrupt();
    const original = readFileSync(state);
    const reset = await cgReport(state, ["reset", "--yes"]);
    expect(reset.code).toBe(0);
    const movedTo = reset.report.data.event.movedTo as string;
    expect(movedTo.startsWith(`${state}.corrupt-`)).toBe(true);
    expect(readFileSync(movedTo).equals(original)).toBe(true);
    const status = await cgReport(state, ["status"]);
    expect(status.report.data.cycle).toBeNull();
  });

  it.each([
    { how: "--state", args: (p: string) => ["--state", p], env: {} },
    { how: "CYCLE_GUARD_STATE", args: () => [], env: (p: string) => ({ CYCLE_GUARD_STATE: p }) },
    { how: "ALLEGRO_CYCLE_STATE", args: () => [], env: (p: string) => ({ ALLEGRO_CYCLE_STATE: p }) },
  ])("the state path comes from $how", async ({ args, env }) => {
    const dir = testdir();
    const path = join(dir, "x", "s.json");
    const extraEnv = typeof env === "function" ? env(path) : env;
    const r = await runBin(BIN, ["start", "t", ...args(path)], { env: cleanEnv({ HERMES_HOME: join(dir, "home"), ...extraEnv }) });
    expect(parseSingleReport(r.stdout, SCHEMA).data.statePath).toBe(path);
    expect(JSON.parse(readFileSync(path, "utf8")).target).toBe("t");
  });

  it("reads the older Python tool's state file through ALLEGRO_CYCLE_STATE unchanged, and keeps its extra keys", async () => {
    const dir = testdir();
    const path = join(dir, "allegro", "cycle_state.json");
    mkdirSync(join(dir, "allegro"));
    // The fixture as the older tool wrote it, with its open slice moved to 2020 so that `check`
    // finds it over the limit whatever this machine's clock says.
    const text = readFileSync(fixture("python-in-progress.json"), "utf8").replace('"started_at": "2026-11-21T03:04:11"', '"started_at": "2020-01-01T00:00:00"');
    writeFileSync(path, text);
    const original = JSON.parse(text);
    expect(original.slices[1].started_at).toBe("2020-01-01T00:00:00");
    const env = cleanEnv({ HERMES_HOME: join(dir, "home"), ALLEGRO_CYCLE_STATE: path });
    const status = parseSingleReport((await runBin(BIN, ["status"], { env })).stdout, SCHEMA);
    expect(status.data.cycle).toEqual(original);
    const check = await runBin(BIN, ["check"], { env });
    expect(check.code).toBe(1);
    expect(parseSingleReport(check.stdout, SCHEMA).findings[0].data.slice).toBe("write patch");
    const commit = parseSingleReport((await runBin(BIN, ["commit", "--proof", '{"pr": 7}'], { env })).stdout, SCHEMA);
    expect(commit.data.cycle).toMatchObject({ status: "complete", wizard: "allegro", version: "1.0", started_at: original.started_at, proof: { pr: 7 } });
  });

  it("defaults to $HERMES_HOME/cycle-guard/state.json, and --hermes-home overrides it", async () => {
    const dir = testdir();
    const env = cleanEnv({ HERMES_HOME: join(dir, "env-home") });
    const a = parseSingleReport((await runBin(BIN, ["start", "t"], { env })).stdout, SCHEMA);
    expect(a.data.statePath).toBe(join(dir, "env-home", "cycle-guard", "state.json"));
    const b = parseSingleReport((await runBin(BIN, ["status", "--hermes-home", join(dir, "flag-home")], { env })).stdout, SCHEMA);
    expect(b.data.statePath).toBe(join(dir, "flag-home", "cycle-guard", "state.json"));
  });
});

describe("terminal views and pipes", () => {
  it("status --format text shows the cycle, its slices and the state file, without colour under NO_COLOR", async () => {
    const state = await started("ship docs");
    await runCg(state, ["slice", "draft"]);
    await runCg(state, ["end", "--artifact", "docs/README.md"]);
    await runCg(state, ["slice", "review"]);
    const r = await runCg(state, ["status", "--format", "text"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ship docs {2}● in progress {2}cycle \S+, started \d+s ago$/);
    expect(lines[1]).toMatch(/^ {2}✓ draft {2,}complete +\d+s {2}docs\/README\.md$/);
    expect(lines[2]).toMatch(/^ {2}▸ review {2,}open +\d+s$/);
    expect(lines[3]).toBe(`state: ${state}`);
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("log --format text lists cycles newest first and the stats line", async () => {
    const state = await started("first");
    await runCg(state, ["commit"]);
    await runCg(state, ["start", "second"]);
    await runCg(state, ["abort", "blocked on review"]);
    const r = await runCg(state, ["log", "--format", "text"]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^✗ \d{4}-\d{2}-\d{2} \d{2}:\d{2} +\d+s {2}second +\S+ {2}blocked on review$/);
    expect(lines[1]).toMatch(/^✓ .* first /);
    expect(lines[3]).toMatch(/^1 committed · 1 aborted · commit rate 50% · median \d+s$/);
  });

  it("a reader that closes early (| head -c 1) gets no EPIPE stack trace", async () => {
    const dir = testdir();
    const state = join(dir, "state.json");
    // A journal big enough (> 64 KiB of JSON) that the pipe fills and the write hits a closed reader.
    const line = (i: number) => JSON.stringify({ cycle_id: `c${i}`, status: "complete", target: `target number ${i} with some padding text`, slices: [], started_at: "2026-11-21T00:00:00Z", completed_at: "2026-11-21T00:05:00Z" });
    writeFileSync(join(dir, "journal.jsonl"), `${Array.from({ length: 3000 }, (_, i) => line(i)).join("\n")}\n`);
    const r = spawnSync("bash", ["-c", `node "${BIN}" log --limit 3000 2>"${dir}/err.txt" | head -c 1; echo "exit=\${PIPESTATUS[0]}"`], {
      env: cleanEnv({ HERMES_HOME: join(dir, "home"), CYCLE_GUARD_STATE: state }), encoding: "utf8", timeout: 60_000,
    });
    expect(r.stdout).toBe("{exit=0\n");
    expect(readFileSync(join(dir, "err.txt"), "utf8")).toBe("");
  });

  it("--help and --version print to stdout and exit 0", async () => {
    const env = cleanEnv({ HERMES_HOME: join(testdir(), "home") });
    const help = await runBin(BIN, ["--help"], { env });
    expect(help.code).toBe(0);
    for (const cmd of ["start", "slice", "end", "commit", "abort", "resume", "check", "status", "log", "reset"]) expect(help.stdout).toContain(cmd);
    const version = await runBin(BIN, ["--version"], { env });
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(BIN, "..", "..", "package.json"), "utf8")).version}\n`);
  });
});
