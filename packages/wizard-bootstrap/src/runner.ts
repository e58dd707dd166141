import { redactSecrets, type Finding } from "@wizard-council/kit";
import { toFinding, type Check, type CheckContext, type Outcome } from "./check.ts";

/** Slack over `--timeout` before a check is abandoned: its own network/process timeout should report first, with the precise reason. */
const GRACE_MS = 1000;

/**
 * Runs checks concurrently. Each is bounded by its own timeout and all by the overall deadline;
 * a check that throws or overruns becomes an `error` finding and the others still finish.
 * A failing optional check is downgraded to `warn`. Known secrets are redacted from every finding.
 */
export async function runChecks(checks: readonly Check[], ctx: CheckContext, deadlineMs: number): Promise<Finding[]> {
  const timers: NodeJS.Timeout[] = [];
  const after = (ms: number, outcome: () => Outcome) =>
    new Promise<Outcome>((resolve) => {
      const t = setTimeout(() => resolve(outcome()), ms);
      t.unref();
      timers.push(t);
    });
  const deadline = after(deadlineMs, () => ({
    status: "error",
    message: `not finished before the overall deadline of ${deadlineMs} ms`,
    fix: "run again with a longer --deadline, or --only this check",
    data: { reason: "deadline" },
  }));
  try {
    const outcomes = await Promise.all(
      checks.map((check) => {
        const own = after(ctx.timeoutMs + GRACE_MS, () => ({
          status: "error",
          message: `did not finish within ${ctx.timeoutMs + GRACE_MS} ms`,
          fix: "run again with a longer --timeout",
          data: { reason: "timeout" },
        }));
        return Promise.race([settle(check, ctx), own, deadline]);
      }),
    );
    return checks.map((check, i) => finalize(check, outcomes[i]!, ctx.secrets));
  } finally {
    for (const t of timers) clearTimeout(t);
  }
}

async function settle(check: Check, ctx: CheckContext): Promise<Outcome> {
  try {
    return await check.run(ctx);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const detail = err instanceof Error ? err.message : String(err);
    return { status: "error", message: `check failed: ${detail}`, fix: "run with --debug, or report this", data: { reason: "exception", ...(typeof code === "string" ? { code } : {}) } };
  }
}

function finalize(check: Check, outcome: Outcome, secrets: ReadonlySet<string>): Finding {
  let result = outcome;
  if (!check.required && (outcome.status === "fail" || outcome.status === "error")) {
    result = { ...outcome, status: "warn", message: `optional: ${outcome.message}`, data: { ...outcome.data, required: false, wouldBe: outcome.status } };
  }
  const finding = toFinding(check, result);
  // The last line of defence for the library path (the CLI's runTool scrubs too): a server could echo a token into a name.
  const list = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return list.length ? (redactValues(finding, list) as Finding) : finding;
}

/** Redacts secrets from every string value (never from keys, so the shape survives). */
function redactValues(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValues(v, secrets));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValues(v, secrets)]));
  return value;
}
