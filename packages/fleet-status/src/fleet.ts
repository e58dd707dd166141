import { createReport, expandHome, redactUrl, ToolError, type Finding, type Report } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import { findDrift } from "./drift.ts";
import { probeGitea, probeHttp } from "./http-probe.ts";
import { mapWithConcurrency } from "./pool.ts";
import type { ProbeResult } from "./probe-result.ts";
import { readRegistry, resolveRegistryPath, type Member, type ProbeSpec } from "./registry.ts";
import { probeSsh } from "./ssh-probe.ts";
import { memberFinding, type MemberState } from "./verdict.ts";

/** Probes in flight at once unless `--concurrency` says otherwise. */
export const DEFAULT_CONCURRENCY = 64;

export interface FleetStatusOptions {
  /** The registry file; default by {@link resolveRegistryPath}. */
  registryPath?: string;
  hermesHome?: string;
  env?: NodeJS.ProcessEnv;
  /** Member names to probe; an unknown name is an UNKNOWN_MEMBER error. */
  only?: string[];
  concurrency?: number;
  /** Per-probe timeout; default the registry's `defaults.timeout_ms`, else 3000. */
  timeoutMs?: number;
  /** The report's `generatedAt`. */
  now?: Date;
}

/** The report's `data`: what was run and how it came out. */
export interface FleetData {
  registry: string;
  timeoutMs: number;
  slowMs: number;
  concurrency: number;
  members: number;
  probes: number;
  up: number;
  degraded: number;
  down: number;
  unprobed: number;
  drift: number;
  durationMs: number;
}

/** Probes every member of the registry concurrently (capped) and reports each as UP / DEGRADED / DOWN, plus registry drift. */
export async function runFleetStatus(opts: FleetStatusOptions = {}): Promise<Report<FleetData>> {
  const started = performance.now();
  const env = opts.env ?? process.env;
  const concurrency = checkPositive(opts.concurrency ?? DEFAULT_CONCURRENCY, "--concurrency");
  const path = opts.registryPath ? expandHome(opts.registryPath) : resolveRegistryPath({ hermesHome: opts.hermesHome, env });
  const registry = await readRegistry(path);
  const timeoutMs = checkPositive(opts.timeoutMs ?? registry.defaults.timeoutMs, "--timeout");
  const selected = selectMembers(registry.members, opts.only ?? [], path);
  const tasks = selected.flatMap((member, m) => member.probes.map((spec) => ({ m, spec })));
  const probeOpts = { timeoutMs, slowMs: registry.defaults.slowMs, env };
  const results = await mapWithConcurrency(tasks, concurrency, ({ spec }) => runProbe(spec, probeOpts));
  const perMember = selected.map(() => [] as ProbeResult[]);
  tasks.forEach((t, i) => perMember[t.m]!.push(results[i]!));

  const seen = new Map<string, number>();
  const members = selected.map((member, i) => {
    const base = `${member.kind}:${member.name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    // A duplicated name (reported as drift) must not give two findings one id.
    return memberFinding(member, n === 1 ? base : `${base}#${n}`, perMember[i]!);
  });
  const wanted = new Set(selected.map((m) => m.name));
  const drift = findDrift(registry.members).filter((f) => involved(f).some((name) => wanted.has(name)));
  const count = (state: MemberState) => members.filter((f) => f.data?.state === state).length;
  const tally = { up: count("UP"), degraded: count("DEGRADED"), down: count("DOWN") };
  const findings: Finding[] = [...members, ...drift];
  return createReport<FleetData>({
    tool: "fleet-status",
    version: pkg.version,
    findings,
    summaryExtra: tally,
    ...(opts.now ? { now: opts.now } : {}),
    data: {
      registry: path,
      timeoutMs,
      slowMs: registry.defaults.slowMs,
      concurrency,
      members: selected.length,
      probes: tasks.length,
      ...tally,
      unprobed: count("UNPROBED"),
      drift: drift.length,
      durationMs: Math.round(performance.now() - started),
    },
  });
}

async function runProbe(spec: ProbeSpec, opts: { timeoutMs: number; slowMs: number; env: NodeJS.ProcessEnv }): Promise<ProbeResult> {
  try {
    switch (spec.kind) {
      case "http": return await probeHttp(spec.probe, spec.url, opts);
      case "gitea": return await probeGitea(spec.url, opts);
      case "ssh": return await probeSsh(spec.target, spec.command, opts);
    }
  } catch (err) {
    // One probe that throws must not sink the other members' results; the message names no URL.
    const target = spec.kind === "ssh" ? `ssh ${spec.target}` : redactUrl(spec.url);
    return { probe: spec.probe, target, up: false, slow: false, latencyMs: 0, failure: "other", reason: `probe failed: ${err instanceof Error ? err.name : "error"}` };
  }
}

/** The members named by `--only` (all when empty); an unknown name is an error listing some known ones. */
export function selectMembers(members: readonly Member[], only: readonly string[], registryPath: string): Member[] {
  if (only.length === 0) return [...members];
  const known = new Set(members.map((m) => m.name));
  const unknown = only.find((name) => !known.has(name));
  if (unknown !== undefined) {
    const names = [...known];
    const hint = names.slice(0, 10).join(", ") + (names.length > 10 ? ", ..." : "");
    throw new ToolError("UNKNOWN_MEMBER", `--only names "${unknown}", which is not in the registry (known: ${hint})`, { path: registryPath });
  }
  const wanted = new Set(only);
  return members.filter((m) => wanted.has(m.name));
}

function involved(f: Finding): string[] {
  const d = f.data as { members?: string[]; name?: string } | undefined;
  return d?.members ?? (d?.name ? [d.name] : []);
}

function checkPositive(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new ToolError("INVALID_ARGUMENT", `${name} must be a whole number of at least 1, got ${n}`, { path: name });
  return n;
}
