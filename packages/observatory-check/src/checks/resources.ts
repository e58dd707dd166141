import { existsSync, readFileSync, statfsSync } from "node:fs";
import { dirname } from "node:path";
import type { Thresholds } from "../config.ts";
import type { CheckResult } from "../snapshot.ts";

type Outcome = Omit<CheckResult, "id">;

/** ok below warn, warn from warn, fail from crit (thresholds are inclusive, as the spec's `warn <= crit`). */
export function classifyPct(value: number, t: Thresholds): "ok" | "warn" | "fail" {
  if (value >= t.crit) return "fail";
  if (value >= t.warn) return "warn";
  return "ok";
}

function pctOutcome(label: string, value: number, t: Thresholds): Outcome {
  const v = Math.round(value * 10) / 10;
  const status = classifyPct(v, t);
  const note = status === "fail" ? ` (critical at ${t.crit}%)` : status === "warn" ? ` (warning at ${t.warn}%)` : "";
  return { status, message: `${label} ${v}%${note}`, value: v, unit: "%" };
}

/** Used % as df computes it: used / (used + available to unprivileged users). */
export function diskUsedPct(s: { blocks: number; bfree: number; bavail: number }): number {
  const used = s.blocks - s.bfree;
  const denom = used + s.bavail;
  return denom > 0 ? (used / denom) * 100 : 0;
}

/** The disk check: use % of the filesystem holding HERMES_HOME (its nearest existing ancestor). */
export function checkDisk(hermesHome: string, t: Thresholds): Outcome {
  let dir = hermesHome;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return pctOutcome(`filesystem of ${dir}`, diskUsedPct(statfsSync(dir)), t);
}

/** Memory used % from /proc/meminfo text (MemTotal and MemAvailable), or undefined. */
export function memoryUsedPct(meminfo: string): number | undefined {
  const field = (name: string) => {
    const m = new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(meminfo);
    return m ? Number(m[1]) : undefined;
  };
  const total = field("MemTotal");
  const available = field("MemAvailable");
  if (!total || available === undefined) return undefined;
  return (1 - available / total) * 100;
}

/** The memory check. */
export function checkMemory(t: Thresholds, meminfoPath = "/proc/meminfo"): Outcome {
  const pct = memoryUsedPct(readFileSync(meminfoPath, "utf8"));
  if (pct === undefined) return { status: "error", message: `${meminfoPath} has no MemTotal/MemAvailable`, value: null, unit: "%" };
  return pctOutcome("memory used", pct, t);
}

/** Busy and total jiffies from the aggregate `cpu` line of /proc/stat. */
export function parseCpuTimes(stat: string): { busy: number; total: number } | undefined {
  const line = stat.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) return undefined;
  // user nice system idle iowait irq softirq steal; guest time is already inside user.
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (f.length < 4 || f.some((n) => !Number.isFinite(n))) return undefined;
  const total = f.reduce((a, b) => a + b, 0);
  const idle = f[3]! + (f[4] ?? 0);
  return { busy: total - idle, total };
}

/** Busy % between two samples; 0 when no time passed. */
export function cpuBusyPct(a: { busy: number; total: number }, b: { busy: number; total: number }): number {
  const dt = b.total - a.total;
  return dt > 0 ? Math.min(100, Math.max(0, ((b.busy - a.busy) / dt) * 100)) : 0;
}

/** The cpu check: two /proc/stat samples `sampleMs` apart. */
export async function checkCpu(t: Thresholds, sampleMs: number, statPath = "/proc/stat"): Promise<Outcome> {
  const first = parseCpuTimes(readFileSync(statPath, "utf8"));
  await new Promise((r) => setTimeout(r, sampleMs));
  const second = parseCpuTimes(readFileSync(statPath, "utf8"));
  if (!first || !second) return { status: "error", message: `${statPath} has no aggregate cpu line`, value: null, unit: "%" };
  return pctOutcome(`CPU busy over ${sampleMs} ms`, cpuBusyPct(first, second), t);
}
