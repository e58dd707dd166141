// skills-audit over 1,000 skills × 5 files (../shared/spec/bench.md): source and target built
// here, synced once with --fix, then 100 target skills edited; the built CLI's read-only audit is
// interleaved with `diff -rq source target` on the same trees (A B A B ...). Target: ratio ≤ 2.
// HERMES_HOME exists, as on a host, so the audit keeps its fingerprint cache there (warm after the
// first audit, except for files changed in the 2 s before a run); a second row times --no-cache,
// which reads every file as a first audit does.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchDir, bin, interleaved, mainIfDirect, peakRssMiB, row, timeCommand } from "./lib.mjs";

const SKILLS = 1000;
const DIFFERING = 100;
const RUNS = 15;
const RATIO_TARGET = 2;

function writeSkill(root, i, edited) {
  const dir = join(root, `cat-${i % 20}`, `skill-${i}`);
  mkdirSync(join(dir, "references"), { recursive: true });
  const para = `Step ${i}: run the tool, read its JSON report, act on findings whose status is fail.\n`.repeat(20);
  writeFileSync(join(dir, "SKILL.md"), `---\nname: skill-${i}\ndescription: Bench skill number ${i}, used to time skills-audit\nversion: 1.0.0\ndependencies:\n  binaries: [git, node]\n---\n# Skill ${i}\n\n${para}`);
  writeFileSync(join(dir, "references", "usage.md"), `# Usage ${i}\n${para}`);
  writeFileSync(join(dir, "references", "examples.md"), `# Examples ${i}\n${para}${edited ? "a local edit\n" : ""}`);
  writeFileSync(join(dir, "run.sh"), `#!/bin/sh\necho skill ${i}\n`);
  writeFileSync(join(dir, "config.json"), JSON.stringify({ id: i, tags: ["bench", `cat-${i % 20}`] }, null, 2));
}

export async function run() {
  const cli = bin("skills-audit");
  const { dir, cleanup } = benchDir("skills-audit");
  try {
    const source = join(dir, "source");
    const target = join(dir, "target");
    for (let i = 0; i < SKILLS; i++) writeSkill(source, i, false);
    const env = { PATH: process.env.PATH, NO_COLOR: "1", HERMES_HOME: join(dir, "home") };
    mkdirSync(env.HERMES_HOME);
    const synced = await timeCommand(process.execPath, [cli, "--source", source, "--target", target, "--fix"], { env });
    if (synced.code !== 0) throw new Error(`skills-audit --fix failed (exit ${synced.code}): ${synced.stderr.trim()}`);
    for (let i = 0; i < DIFFERING; i++) writeSkill(target, i * (SKILLS / DIFFERING), true);

    const check = await timeCommand(process.execPath, [cli, "--source", source, "--target", target], { env });
    const report = JSON.parse(check.stdout);
    const diffOut = spawnSync("diff", ["-rq", source, target], { encoding: "utf8" }).stdout.split("\n").filter(Boolean).length;
    const r = await interleaved([process.execPath, [cli, "--source", source, "--target", target], { env }], ["diff", ["-rq", source, target]], RUNS);
    const rss = peakRssMiB(process.execPath, [cli, "--source", source, "--target", target], { env });
    const cold = await interleaved([process.execPath, [cli, "--source", source, "--target", target, "--no-cache"], { env }], ["diff", ["-rq", source, target]], RUNS);
    const coldRss = peakRssMiB(process.execPath, [cli, "--source", source, "--target", target, "--no-cache"], { env });
    return [row({
      figure: "skills-audit 1000×5",
      medianMs: r.medianMs,
      baselineMs: r.baselineMs,
      ratio: r.ratio,
      target: `ratio ≤ ${RATIO_TARGET} vs diff -rq`,
      met: r.ratio <= RATIO_TARGET && report.data.states.MODIFIED === DIFFERING,
      peakRssMiB: rss,
      note: `${RUNS} runs, fingerprint cache on (the default); ${report.data.states.MODIFIED} MODIFIED / ${report.data.states.OK} OK; diff -rq lines ${diffOut}`,
    }), row({
      figure: "skills-audit 1000×5 --no-cache",
      medianMs: cold.medianMs,
      baselineMs: cold.baselineMs,
      ratio: cold.ratio,
      target: `ratio ≤ ${RATIO_TARGET} vs diff -rq`,
      met: cold.ratio <= RATIO_TARGET,
      peakRssMiB: coldRss,
      note: `${RUNS} runs; every file read, as on a first audit`,
    })];
  } finally {
    cleanup();
  }
}

await mainIfDirect(import.meta.url, run);
