// Shared measuring for bench/*.mjs: whole processes, interleaved with a baseline in the
// same run (A B A B ...), medians, and peak RSS from GNU time when present. Measurements,
// not tests: nothing here fails CI.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Absolute path of a tool's built CLI. */
export const bin = (tool) => join(ROOT, "packages", tool, "dist", "cli.js");

/** A temp dir for bench data; removed by the returned cleanup. */
export function benchDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `wc-bench-${name}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs a command to completion; resolves with wall ms, exit code and output. */
export function timeCommand(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Interleaves `runs` of the subject with `runs` of the baseline (A B A B ...), so machine
 * noise hits both alike. Each side is [cmd, args, options?]. Returns medians and the ratio.
 */
export async function interleaved(subject, baseline, runs = 30) {
  const a = [], b = [];
  for (let i = 0; i < runs; i++) {
    a.push((await timeCommand(...subject)).ms);
    b.push((await timeCommand(...baseline)).ms);
  }
  const ma = median(a), mb = median(b);
  return { medianMs: ma, baselineMs: mb, ratio: ma / mb };
}

/** Peak RSS in MiB of one run, from GNU time's %M (undefined where /usr/bin/time is missing). */
export function peakRssMiB(cmd, args, options = {}) {
  if (!existsSync("/usr/bin/time")) return undefined;
  const r = spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], { env: options.env ?? process.env, cwd: options.cwd, input: options.input ?? "", encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const kb = Number(String(r.stderr).trim().split("\n").pop());
  return Number.isFinite(kb) ? kb / 1024 : undefined;
}

/** The row every bench prints and bench/run.mjs tabulates. */
export function row({ figure, medianMs, baselineMs, ratio, target, met, peakRssMiB: rss, note }) {
  return { figure, medianMs, baselineMs, ratio, target, met, peakRssMiB: rss, note };
}

/** One line per row: `<name>: median <x> ms, baseline <y> ms, ratio <r>` (+ RSS), per ../shared/spec/bench.md. */
export function formatRow(r) {
  const parts = [`${r.figure}: median ${fmt(r.medianMs)} ms`];
  if (r.baselineMs !== undefined) parts.push(`baseline ${fmt(r.baselineMs)} ms`);
  if (r.ratio !== undefined) parts.push(`ratio ${r.ratio.toFixed(2)}`);
  if (r.peakRssMiB !== undefined) parts.push(`peak RSS ${r.peakRssMiB.toFixed(1)} MiB`);
  parts.push(`target ${r.target}: ${r.met ? "met" : "MISSED"}`);
  if (r.note) parts.push(r.note);
  return parts.join(", ");
}

const fmt = (n) => (n === undefined ? "-" : n.toFixed(1));

/** Runs a bench module's `run()` when the file is executed directly, printing its rows. */
export async function mainIfDirect(metaUrl, run) {
  if (process.argv[1] && fileURLToPath(metaUrl) === process.argv[1]) {
    for (const r of await run()) console.log(formatRow(r));
  }
}
