export { resolveStatePath, journalPathFor, lockPathFor, DEFAULT_LOCK_WAIT_MS, type StatePathOptions } from "./state-path.ts";
export { startCycle, startSlice, endSlice, commitCycle, abortCycle, END_STATUSES } from "./lifecycle.ts";
export { resumeCycle, resetState, DEFAULT_STALE_MINUTES } from "./recovery.ts";
export { readStatus, checkSlice, DEFAULT_MAX_MINUTES, type OpenSliceInfo } from "./inspect.ts";
export { readJournalStats, summarizeJournal, DEFAULT_LOG_LIMIT, type JournalStats, type LogData, type LogOptions } from "./history.ts";
export { readProof, parseProof } from "./proof.ts";
export { readState, checkState, openSlice, type CycleState, type CycleStatus, type Slice } from "./state.ts";
export { readJournal, type JournalEntry, type JournalContents } from "./journal.ts";
export { staleReason, lastActivity, type CycleEvent } from "./cycle.ts";
export { parseTimestamp } from "./timestamp.ts";
export { TOOL, type CommandOptions, type CycleData } from "./cycle-report.ts";
// The CLI flags live in the library chunk too (see cli.ts); wrappers may reuse them.
export { commonArgs, stateOptions, parseMinutes } from "./args.ts";
