import { createReport, type Finding, type Report } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import type { CycleEvent } from "./cycle.ts";
import type { StatePathOptions } from "./state-path.ts";
import type { CycleState } from "./state.ts";

/** The tool name every report carries. */
export const TOOL = "cycle-guard";

/** Options every command's library function takes. */
export interface CommandOptions extends StatePathOptions {
  /** The clock (default: now); tests and callers inject it. */
  now?: Date;
  /** Lock wait in ms (default `CYCLE_GUARD_LOCK_WAIT_MS`, else 30 000). */
  lockWaitMs?: number;
}

/** `data` of every cycle-guard report: the state file, the resulting cycle, and what changed. */
export interface CycleData {
  statePath: string;
  cycle: CycleState | null;
  event?: CycleEvent;
  [key: string]: unknown;
}

/** Builds a cycle-guard report from its findings and data. */
export function cycleReport<D extends CycleData>(findings: Finding[], data: D, now: Date): Report<D> {
  return createReport({ tool: TOOL, version: pkg.version, findings, data, now });
}

/** One ok finding: the usual report of a command that did what it was asked. */
export function okFinding(id: string, title: string, message?: string): Finding {
  return message ? { id, status: "ok", title, message } : { id, status: "ok", title };
}
