#!/usr/bin/env node
// dependency-checker over 1,000 skills declaring 3 binaries and 3 env vars each, against
// `node -e 0` (target ≤ 4×), cold (--no-cache) and warm (the check cache of a previous run).
// Binaries mix a shared pool (found on PATH, some with version ranges, so the per-run --version
// cache matters) with one unique missing name per skill; env vars mix the process env,
// $HERMES_HOME/.env and unset ones.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchDir, bin, interleaved, mainIfDirect, peakRssMiB, row, timeCommand } from "./lib.mjs";

const SKILLS = 1000;
const POOL = ["git", "jq", "curl", "ssh", "rsync", "tar", "gzip", "make", "python3", "node"];

function build(dir) {
  const home = join(dir, "hermes");
  const binDir = join(dir, "bin");
  mkdirSync(binDir, { recursive: true });
  for (const [i, name] of POOL.entries()) {
    writeFileSync(join(binDir, name), `#!/bin/sh\necho "${name} version ${i + 1}.2.3"\n`);
    chmodSync(join(binDir, name), 0o755);
  }
  const dotenv = [];
  for (let i = 0; i < SKILLS; i++) {
    const id = `cat${i % 20}/skill-${i}`;
    const skillDir = join(home, "skills", id);
    mkdirSync(skillDir, { recursive: true });
    const a = POOL[i % POOL.length];
    const b = POOL[(i * 7 + 3) % POOL.length];
    if (i % 2 === 0) dotenv.push(`SKILL_${i}_KEY=v${i}`);
    writeFileSync(join(skillDir, "SKILL.md"), [
      "---",
      `name: skill-${i}`,
      `description: Bench skill number ${i}, declaring three binaries and three env vars.`,
      "version: 1.0.0",
      "dependencies:",
      `  binaries: [${a}, { name: ${b}, version: ">=1.0" }, { name: missing-tool-${i}, optional: true }]`,
      `  env_vars: [BENCH_SHARED, SKILL_${i}_KEY, { name: UNSET_${i}, optional: true }]`,
      "metadata:",
      "  hermes:",
      "    tags: [bench, generated]",
      "---",
      `# Skill ${i}`,
      "",
      "Body text that a real skill would carry. ".repeat(20),
      "",
    ].join("\n"));
  }
  writeFileSync(join(home, ".env"), `${dotenv.join("\n")}\n`);
  return { home, binDir };
}

/**
 * Mean CPU seconds (user + sys, children included) of a command, from GNU time (10 ms resolution,
 * hence a mean over several runs rather than a median). On a shared
 * 2-core machine under load, wall time punishes a 300 ms CPU-bound run far more than a 50 ms one;
 * the CPU ratio is the load-independent figure printed beside the wall ratio.
 */
function meanCpu(cmd, args, env, runs = 10) {
  if (!existsSync("/usr/bin/time")) return undefined;
  const values = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync("/usr/bin/time", ["-f", "%U %S", cmd, ...args], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const [u, s] = String(r.stderr).trim().split("\n").pop().split(" ").map(Number);
    values.push(u + s);
  }
  return values.reduce((a, b) => a + b, 0) / runs;
}

/**
 * Returns the bench rows: the CLI's median wall time against `node -e 0`, twice. "cold" runs with
 * --no-cache (every SKILL.md read and parsed, every --version probe spawned: a first run, or one
 * after every skill changed); "warm" runs with the check cache a previous run left in
 * $HERMES_HOME (the usual case for a cron job or a re-run), and checks its report equals the cold one.
 */
export async function run() {
  const { dir, cleanup } = benchDir("dependency-checker");
  try {
    const { home, binDir } = build(dir);
    const env = { PATH: `${binDir}:/usr/bin:/bin`, HERMES_HOME: home, BENCH_SHARED: "1", NO_COLOR: "1" };
    const cli = bin("dependency-checker");
    const rows = [];
    let coldReport;
    for (const [label, args] of [["cold, --no-cache", [cli, "--no-cache"]], ["warm, cache from a previous run", [cli]]]) {
      const check = await timeCommand(process.execPath, args, { env });
      const report = JSON.parse(check.stdout);
      if (report.findings.length !== SKILLS) throw new Error(`expected ${SKILLS} findings, got ${report.findings.length}: ${check.stderr}`);
      if (coldReport && JSON.stringify(comparable(report)) !== JSON.stringify(comparable(coldReport))) throw new Error("the warm report differs from the cold one");
      coldReport ??= report;
      const r = await interleaved([process.execPath, args, { env }], [process.execPath, ["-e", "0"], { env }], 20);
      const cpu = meanCpu(process.execPath, args, env);
      const cpuBase = meanCpu(process.execPath, ["-e", "0"], env);
      const cpuNote = cpu !== undefined && cpuBase ? `, mean CPU ${cpu.toFixed(3)} s vs ${cpuBase.toFixed(3)} s (ratio ${(cpu / cpuBase).toFixed(1)})` : "";
      const last = JSON.parse((await timeCommand(process.execPath, args, { env })).stdout);
      rows.push(row({
        figure: `dependency-checker 1,000 skills × (3 binaries + 3 env vars), ${label}`,
        ...r,
        target: "≤ 4 × node -e 0",
        met: r.ratio <= 4,
        peakRssMiB: peakRssMiB(process.execPath, args, { env }),
        note: `${report.summary.ok} ok / ${report.summary.warn} warn / ${report.summary.fail} fail, ${last.data.versionProbes} --version probes, exit ${check.code}${cpuNote}`,
      }));
    }
    return rows;
  } finally {
    cleanup();
  }
}

/** A report without what may differ between runs: the time, and how many probes were spawned rather than cached. */
function comparable(report) {
  return { ...report, generatedAt: "", data: { ...report.data, versionProbes: 0 } };
}

await mainIfDirect(import.meta.url, run);
