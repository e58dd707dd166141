import type { Finding, Report, Status } from "@wizard-council/kit";

/** A problem (fail/error finding) keyed across months by `<tool>/<finding id>`. */
export interface ProblemRef {
  key: string;
  tool: string;
  id: string;
  status: Status;
  title: string;
}

/** "Changed since last month": `first` when there is no previous audit, `unreadable` when it cannot be used. */
export interface Changes {
  previousPeriod: string;
  state: "first" | "compared" | "unreadable";
  note?: string;
  newProblems: ProblemRef[];
  resolved: ProblemRef[];
  stillOpen: number;
  /** Last month's problems in tools not run this month: neither new nor resolved. */
  notChecked: number;
}

/** True for the statuses the report lists under Problems. */
export function isProblem(f: Pick<Finding, "status">): boolean {
  return f.status === "fail" || f.status === "error";
}

/** The problems of a set of reports by stable key, sorted by key. */
export function problemsOf(reports: readonly Report[]): Map<string, ProblemRef> {
  const out = new Map<string, ProblemRef>();
  for (const r of reports) {
    for (const f of r.findings) {
      if (!isProblem(f)) continue;
      const key = `${r.tool}/${f.id}`;
      if (!out.has(key)) out.set(key, { key, tool: r.tool, id: f.id, status: f.status, title: f.title });
    }
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Compares this month's problems with the previous month's: new ones, resolved ones, and how
 * many stayed. Pass `previous: undefined` for a first audit.
 */
export function computeChanges(current: readonly Report[], previous: readonly Report[] | undefined, previousPeriod: string): Changes {
  if (!previous) return { previousPeriod, state: "first", newProblems: [], resolved: [], stillOpen: 0, notChecked: 0 };
  const now = problemsOf(current);
  const before = problemsOf(previous);
  const newProblems = [...now.values()].filter((p) => !before.has(p.key));
  // A problem in a tool that did not run this month (fleet skipped, --include) is not resolved.
  const ran = new Set(current.map((r) => r.tool));
  const gone = [...before.values()].filter((p) => !now.has(p.key));
  const resolved = gone.filter((p) => ran.has(p.tool));
  return { previousPeriod, state: "compared", newProblems, resolved, stillOpen: now.size - newProblems.length, notChecked: gone.length - resolved.length };
}
