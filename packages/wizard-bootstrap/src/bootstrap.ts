import { createReport, resolveHermesHome, ToolError, type Report } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import { createContext, type CheckInfo, type FixRecord } from "./check.ts";
import { buildChecks } from "./checks.ts";
import { loadContract, resolveContractPath } from "./contract.ts";
import { runChecks } from "./runner.ts";

export const TOOL = "wizard-bootstrap";
export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_DEADLINE_MS = 20_000;

/** Options of {@link runBootstrap}; every default comes from `env` (default `process.env`), nothing else global. */
export interface BootstrapOptions {
  hermesHome?: string;
  env?: NodeJS.ProcessEnv;
  offline?: boolean;
  only?: string[];
  /** Another contract file (default: `$WIZARD_ENVIRONMENT_CONTRACT`, else the bundled contract). */
  contractPath?: string;
  /** Per-check timeout (network calls and probed programs). */
  timeoutMs?: number;
  /** Overall deadline for the whole run. */
  deadlineMs?: number;
  /** Apply the safe fixes: create HERMES_HOME and its folders (0700), chmod 600 secret files. */
  fix?: boolean;
  now?: Date;
}

/** The `data` of a bootstrap report. */
export interface BootstrapData {
  contract: { version: string; source: string };
  hermesHome: string;
  ready: boolean;
  problems: number;
  offline: boolean;
  timeoutMs: number;
  deadlineMs: number;
  only?: string[];
  fixed: FixRecord[];
  /** With `--fix`: the problems left, each with its manual step. */
  manual?: { id: string; fix: string }[];
}

/** Checks this host against the environment contract and returns the report (never prints). */
export async function runBootstrap(opts: BootstrapOptions = {}): Promise<Report<BootstrapData>> {
  const env = opts.env ?? process.env;
  const contract = await loadContract(opts.contractPath ?? resolveContractPath(undefined, env));
  const all = buildChecks(contract);
  const only = opts.only?.length ? opts.only : undefined;
  if (only) {
    const unknown = only.filter((id) => !all.some((c) => c.id === id));
    if (unknown.length) {
      throw new ToolError("UNKNOWN_CHECK", `unknown check id ${unknown.map((u) => `"${u}"`).join(", ")} in --only; valid ids: ${all.map((c) => c.id).join(", ")}`, { path: "--only" });
    }
  }
  const checks = only ? all.filter((c) => only.includes(c.id)) : all;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const hermesHome = opts.hermesHome ?? resolveHermesHome(undefined, env);
  const ctx = createContext({ hermesHome, env, offline: opts.offline ?? false, fix: opts.fix ?? false, timeoutMs });
  const findings = await runChecks(checks, ctx, deadlineMs);
  const order = (id: string) => checks.findIndex((c) => c.id === id);
  const problems = findings.filter((f) => f.status === "fail" || f.status === "error").length;
  const data: BootstrapData = {
    contract: { version: contract.version, source: contract.source },
    hermesHome,
    ready: problems === 0,
    problems,
    offline: ctx.offline,
    timeoutMs,
    deadlineMs,
    ...(only ? { only } : {}),
    // Checks run concurrently; sorting keeps the list of changes identical from run to run.
    fixed: [...ctx.fixed].sort((a, b) => order(a.id) - order(b.id)),
    ...(ctx.fix ? { manual: findings.filter((f) => f.status !== "ok" && f.status !== "skip" && f.fix).map((f) => ({ id: f.id, fix: f.fix! })) } : {}),
  };
  return createReport({ tool: TOOL, version: pkg.version, findings, data, ...(opts.now ? { now: opts.now } : {}) });
}

/** What `--list` reports: the contract used and the checks it defines, in run order. */
export interface CheckList {
  contract: { version: string; source: string };
  checks: CheckInfo[];
}

/** The checks a contract defines (the bundled one unless `contractPath` or `$WIZARD_ENVIRONMENT_CONTRACT` says otherwise). */
export async function listChecks(opts: { contractPath?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CheckList> {
  const contract = await loadContract(opts.contractPath ?? resolveContractPath(undefined, opts.env ?? process.env));
  const checks = buildChecks(contract).map(({ id, title, required, network }) => ({ id, title, required, network }));
  return { contract: { version: contract.version, source: contract.source }, checks };
}
