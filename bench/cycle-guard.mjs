// cycle-guard startup and concurrency (../shared/spec/bench.md): 30 cycles of start → slice →
// end → commit as separate processes on one state file, each run interleaved with `node -e 0`
// so machine noise hits both alike; peak RSS per command; then 100 `slice` processes at once.
// `interleaved()` repeats one fixed command, but these commands are a state machine (end needs
// an open slice, commit a running cycle), so the same A B A B pairing is done here by hand.
// The rows use a clean environment, as the other benches do. The host's own environment can
// carry a constant start-up cost for every node process (NODE_EXTRA_CA_CERTS: a CA bundle parsed
// at boot), which flatters every ratio; the ratio measured in it is printed in each row's note.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { benchDir, bin, mainIfDirect, median, peakRssMiB, row, timeCommand } from "./lib.mjs";

const RUNS = 30;
const RATIO_TARGET = 1.25;
const RSS_TARGET_MIB = 60;
const COMMANDS = [["start", ["start", "bench target"]], ["slice", ["slice", "bench slice"]], ["end", ["end", "--artifact", "bench://artifact"]], ["commit", ["commit", "--proof", '{"bench":true}']]];

/** 30 cycles of start/slice/end/commit in `env`, each run paired with `node -e 0`: samples per command. */
async function sequence(cli, env) {
  const times = Object.fromEntries(COMMANDS.map(([name]) => [name, []]));
  const baseline = Object.fromEntries(COMMANDS.map(([name]) => [name, []]));
  const failures = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of COMMANDS) {
      const r = await timeCommand(process.execPath, [cli, ...args], { env });
      if (r.code !== 0) failures.push(`${name} exit ${r.code}: ${r.stderr.trim()}`);
      times[name].push(r.ms);
      baseline[name].push((await timeCommand(process.execPath, ["-e", "0"], { env })).ms);
    }
  }
  return { times, baseline, failures };
}

export async function run() {
  const cli = bin("cycle-guard");
  const { dir, cleanup } = benchDir("cycle-guard");
  try {
    const env = { PATH: process.env.PATH, NO_COLOR: "1", HERMES_HOME: join(dir, "home"), CYCLE_GUARD_STATE: join(dir, "state.json") };
    const { times, baseline, failures } = await sequence(cli, env);
    const host = await sequence(cli, { ...process.env, NO_COLOR: "1", HERMES_HOME: join(dir, "home"), CYCLE_GUARD_STATE: join(dir, "host-state.json") });
    const rows = [];
    for (const [name, args] of COMMANDS) {
      const medianMs = median(times[name]);
      const baselineMs = median(baseline[name]);
      const hostNote = `host env: ${median(host.times[name]).toFixed(1)} / ${median(host.baseline[name]).toFixed(1)} ms = ${(median(host.times[name]) / median(host.baseline[name])).toFixed(2)}`;
      // One more run of the command under GNU time, in its valid position of a fresh cycle.
      const rssEnv = { ...env, CYCLE_GUARD_STATE: join(dir, `rss-${name}.json`) };
      for (const [prior, priorArgs] of COMMANDS) {
        if (prior === name) break;
        await timeCommand(process.execPath, [cli, ...priorArgs], { env: rssEnv });
      }
      const rss = peakRssMiB(process.execPath, [cli, ...args], { env: rssEnv });
      const ratio = medianMs / baselineMs;
      const mine = failures.filter((f) => f.startsWith(`${name} `));
      rows.push(row({
        figure: `cycle-guard ${name}`, medianMs, baselineMs, ratio,
        target: `ratio ≤ ${RATIO_TARGET}, peak RSS ≤ ${RSS_TARGET_MIB} MiB`,
        met: ratio <= RATIO_TARGET && (rss === undefined || rss <= RSS_TARGET_MIB) && mine.length === 0,
        peakRssMiB: rss,
        note: `${mine.length ? `${mine.length} failed runs: ${mine[0]}` : `${RUNS} runs`}; ${hostNote}`,
      }));
    }
    rows.push(await concurrency(cli, dir));
    return rows;
  } finally {
    cleanup();
  }
}

async function concurrency(cli, dir) {
  const state = join(dir, "burst.json");
  const env = { PATH: process.env.PATH, NO_COLOR: "1", HERMES_HOME: join(dir, "home"), CYCLE_GUARD_STATE: state };
  await timeCommand(process.execPath, [cli, "start", "burst"], { env });
  const started = process.hrtime.bigint();
  const results = await Promise.all(Array.from({ length: 100 }, (_, i) => timeCommand(process.execPath, [cli, "slice", `s-${i}`], { env })));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const recorded = JSON.parse(readFileSync(state, "utf8")).slices.length;
  const tempfail = results.filter((r) => r.code === 75).length;
  const errors = results.filter((r) => r.code !== 0 && r.code !== 75).length;
  return row({
    figure: "cycle-guard-concurrency", medianMs: median(results.map((r) => r.ms)),
    target: "100 slices recorded, 0 errors other than exit 75",
    met: recorded === 100 && errors === 0,
    note: `${recorded}/100 slices recorded, ${errors} errors, ${tempfail} exit 75, wall ${wallMs.toFixed(0)} ms`,
  });
}

await mainIfDirect(import.meta.url, run);
