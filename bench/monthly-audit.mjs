// monthly-audit: a full run (every tool in-process) on the bundled skills with an empty
// HERMES_HOME and --offline, as a whole process. Target (../shared/spec/bench.md): wall ≤ 1.5 s.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { benchDir, bin, mainIfDirect, median, peakRssMiB, row, timeCommand } from "./lib.mjs";

const RUNS = 7;
const TARGET_MS = 1500;

export async function run() {
  const { dir, cleanup } = benchDir("monthly-audit");
  try {
    const cli = bin("monthly-audit");
    // A fresh empty HERMES_HOME per run: each run writes wizard-council/audit-*.md into it.
    const home = (i) => {
      const h = join(dir, `home-${i}`);
      mkdirSync(h);
      return h;
    };
    const env = (h) => ({ PATH: process.env.PATH, NO_COLOR: "1", LANG: "C.UTF-8", HERMES_HOME: h });
    await timeCommand(process.execPath, [cli, "--offline", "--json"], { env: env(home("warmup")) });
    const times = [];
    const codes = new Set();
    for (let i = 0; i < RUNS; i++) {
      const r = await timeCommand(process.execPath, [cli, "--offline", "--json"], { env: env(home(i)) });
      times.push(r.ms);
      codes.add(r.code);
    }
    const rssHome = home("rss");
    const rss = peakRssMiB(process.execPath, [cli, "--offline", "--json"], { env: env(rssHome) });
    const medianMs = median(times);
    return [row({
      figure: "monthly-audit full --offline run (empty HERMES_HOME, bundled skills)",
      medianMs,
      target: `wall ≤ ${TARGET_MS} ms`,
      met: medianMs <= TARGET_MS,
      peakRssMiB: rss,
      note: `${RUNS} runs, min ${Math.min(...times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms, exit ${[...codes].join("/")}`,
    })];
  } finally {
    cleanup();
  }
}

await mainIfDirect(import.meta.url, run);
