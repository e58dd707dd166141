import { existsSync } from "node:fs";
import { createErrorReport, isReport, isToolError, ToolError, type Report } from "@wizard-council/kit";

/** What every source adapter is given: the host's state, its environment, the clock. */
export interface SourceContext {
  hermesHome: string;
  env: NodeJS.ProcessEnv;
  offline: boolean;
  now: Date;
  /** How long one tool may take before it becomes an error finding. */
  timeoutMs: number;
  /** Loads a tool's library; injectable so tests can hand in a broken or absent module. */
  load: (pkg: string) => Promise<Record<string, unknown>>;
}

/** A source either ran (a report, possibly an error envelope) or was deliberately skipped. */
export type SourceResult = { report: Report } | { skipped: string };

/** One tool monthly-audit composes: its `--include` name, its package, how to run it. */
export interface Source {
  name: string;
  tool: string;
  pkg: string;
  run(ctx: SourceContext, lib: Library): Promise<Report | string>;
}

type Library = Record<string, unknown>;
type Fn = (opts: Record<string, unknown>) => unknown;

/** Imports by a computed specifier so the bundler leaves it to Node: each tool is resolved at run time from its own dist/. */
export const loadPackage = (pkg: string): Promise<Record<string, unknown>> => import(/* @vite-ignore */ `${pkg}`);

function fn(lib: Library, name: string, pkg: string): Fn {
  const f = lib[name];
  if (typeof f !== "function") throw new ToolError("TOOL_API_MISSING", `${pkg} does not export ${name}()`);
  return f as Fn;
}

/** The adapters, in report order. A string result means "skipped, because …". */
export const SOURCES: readonly Source[] = [
  {
    name: "bootstrap", tool: "wizard-bootstrap", pkg: "@wizard-council/wizard-bootstrap",
    run: async (ctx, lib) => fn(lib, "runBootstrap", "@wizard-council/wizard-bootstrap")({ hermesHome: ctx.hermesHome, env: ctx.env, offline: ctx.offline, now: ctx.now }) as Promise<Report>,
  },
  {
    // Report only: monthly-audit never passes fix to skills-audit.
    name: "skills", tool: "skills-audit", pkg: "@wizard-council/skills-audit",
    run: async (ctx, lib) => fn(lib, "auditSkills", "@wizard-council/skills-audit")({ hermesHome: ctx.hermesHome, env: ctx.env, now: ctx.now }) as Promise<Report>,
  },
  {
    name: "dependencies", tool: "dependency-checker", pkg: "@wizard-council/dependency-checker",
    run: async (ctx, lib) => fn(lib, "checkDependencies", "@wizard-council/dependency-checker")({ hermesHome: ctx.hermesHome, env: ctx.env, now: ctx.now }) as Promise<Report>,
  },
  {
    name: "fleet", tool: "fleet-status", pkg: "@wizard-council/fleet-status",
    run: async (ctx, lib) => {
      const registryPath = fn(lib, "resolveRegistryPath", "@wizard-council/fleet-status")({ hermesHome: ctx.hermesHome, env: ctx.env }) as string;
      if (!existsSync(registryPath)) return `no fleet registry at ${registryPath}`;
      return fn(lib, "runFleetStatus", "@wizard-council/fleet-status")({ registryPath, hermesHome: ctx.hermesHome, env: ctx.env }) as Promise<Report>;
    },
  },
  {
    name: "observatory", tool: "observatory-check", pkg: "@wizard-council/observatory-check",
    run: async (ctx, lib) => {
      const dbPath = fn(lib, "resolveDbPath", "@wizard-council/observatory-check")({ hermesHome: ctx.hermesHome, env: ctx.env }) as string;
      if (!existsSync(dbPath)) return `no observatory database at ${dbPath}`;
      return fn(lib, "sloReport", "@wizard-council/observatory-check")({ dbPath, hermesHome: ctx.hermesHome, env: ctx.env, now: ctx.now }) as Promise<Report>;
    },
  },
  {
    name: "cycles", tool: "cycle-guard", pkg: "@wizard-council/cycle-guard",
    run: async (ctx, lib) => {
      const statePath = fn(lib, "resolveStatePath", "@wizard-council/cycle-guard")({ hermesHome: ctx.hermesHome, env: ctx.env }) as string;
      const journal = fn(lib, "journalPathFor", "@wizard-council/cycle-guard")(statePath as never) as string;
      if (!existsSync(journal)) return `no cycle journal at ${journal}`;
      return fn(lib, "readJournalStats", "@wizard-council/cycle-guard")({ statePath, hermesHome: ctx.hermesHome, env: ctx.env, now: ctx.now }) as Report;
    },
  },
];

/** The `--include` names, in order. */
export const SOURCE_NAMES = SOURCES.map((s) => s.name);

/**
 * Runs one source. A tool that is absent, fails to load, throws, or returns something that is
 * not a report becomes that tool's error envelope — never a crash of the whole audit.
 */
export async function runSource(source: Source, ctx: SourceContext, version: string): Promise<SourceResult> {
  if (ctx.offline && source.name === "fleet") return { skipped: "--offline: fleet-status probes the network" };
  try {
    const lib = await ctx.load(source.pkg).catch((err: unknown) => {
      const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
      throw new ToolError("TOOL_UNAVAILABLE", `cannot load ${source.pkg}: ${why}`);
    });
    const result = await withTimeout(source.run(ctx, lib), ctx.timeoutMs, source.tool);
    if (typeof result === "string") return { skipped: result };
    if (!isReport(result)) throw new ToolError("TOOL_BAD_REPORT", `${source.pkg} returned something that is not a report envelope`);
    return { report: result };
  } catch (err) {
    const code = isToolError(err) ? err.code : "TOOL_FAILED";
    const message = isToolError(err) ? err.message : `${source.tool} threw: ${err instanceof Error ? err.message : String(err)}`;
    const path = isToolError(err) ? err.path : undefined;
    const report = createErrorReport(source.tool, version, { code, message, ...(path ? { path } : {}) }, ctx.now);
    return { report };
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, tool: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ToolError("TOOL_TIMEOUT", `${tool} did not finish within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
