import { existsSync, mkdirSync, readdirSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { isAtomicTempFor, ToolError } from "@wizard-council/kit";
import { acquireLockSync } from "@wizard-council/kit";
import { appendJournal } from "./journal.ts";
import { journalPathFor, lockPathFor } from "./state-path.ts";
import { readState, writeState, type CycleState } from "./state.ts";

/** What a mutation decided: the state to write (undefined: leave the file alone) and cycles it finished. */
export interface Mutation<T> {
  next: CycleState | undefined;
  /** Finished cycles to append to the journal before the state is written. */
  finished: CycleState[];
  result: T;
}

/**
 * The only way state changes (CONTRACT.md §5): lock → read → change → journal → atomic write
 * → release. The journal is written first so a crash in between can only journal a cycle
 * twice (log keeps the latest line), never lose one.
 */
export function mutateState<T>(statePath: string, lockWaitMs: number, at: string, change: (state: CycleState | undefined) => Mutation<T>, create = false): T {
  // Only `start` may create the state directory; elsewhere a missing one just means "no cycle".
  if (!create && !existsSync(dirname(statePath))) return change(undefined).result;
  try {
    mkdirSync(dirname(statePath), { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new ToolError("STATE_DIR_UNWRITABLE", `cannot create the state directory: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { path: dirname(statePath) });
  }
  const lock = acquireLockSync(lockPathFor(statePath), { waitMs: lockWaitMs });
  try {
    // Each start sweeps temp files of writes killed before their rename (none can be live:
    // every write happens under this lock).
    if (create) removeOrphanTemps(statePath);
    const { next, finished, result } = change(readState(statePath));
    for (const cycle of finished) {
      cycle.journaled_at = at;
      appendJournal(journalPathFor(statePath), cycle);
    }
    if (next) {
      try {
        writeState(statePath, next);
      } catch (err) {
        throw new ToolError("STATE_WRITE_FAILED", `cannot write state file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { path: statePath, cause: err });
      }
    }
    return result;
  } finally {
    lock.release();
  }
}

/** A finished cycle this tool has not journaled yet (e.g. one the older Python tool finished). */
export function needsJournal(state: CycleState | undefined): state is CycleState {
  return state !== undefined && state.status !== "in_progress" && !state.journaled_at;
}

function removeOrphanTemps(statePath: string): void {
  let names: string[];
  try {
    names = readdirSync(dirname(statePath));
  } catch {
    return;
  }
  for (const name of names) {
    if (!isAtomicTempFor(name, basename(statePath))) continue;
    try {
      unlinkSync(join(dirname(statePath), name));
    } catch {
      // gone already
    }
  }
}
