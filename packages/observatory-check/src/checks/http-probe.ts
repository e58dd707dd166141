import { httpRequest, redactUrl, type HttpResult } from "@wizard-council/kit";
import type { CheckResult } from "../snapshot.ts";

type Outcome = Omit<CheckResult, "id">;

/**
 * Classifies one health probe. Only an answer below HTTP 400 is a successful probe and
 * carries a latency; a refused connection is "not started" (warn) with no latency, so a
 * service that is down never looks fast in the latency SLO (the old tool's 1 ms defect).
 */
export function classifyProbe(result: HttpResult, sloMs: number, where: string): Outcome {
  if (result.ok) {
    const ms = Math.round(result.latencyMs * 10) / 10;
    if (result.status >= 400) return { status: "fail", message: `${where} returned HTTP ${result.status}`, value: null, unit: "ms" };
    if (ms > sloMs) return { status: "warn", message: `${where} answered HTTP ${result.status} in ${ms} ms (over the ${sloMs} ms SLO)`, value: ms, unit: "ms" };
    return { status: "ok", message: `${where} answered HTTP ${result.status} in ${ms} ms`, value: ms, unit: "ms" };
  }
  if (result.kind === "refused") return { status: "warn", message: `${where} not started (connection refused)`, value: null, unit: "ms" };
  return { status: "error", message: `${where}: ${result.message}`, value: null, unit: "ms" };
}

/** The api_server_http / webhook_http check: GET the URL with a timeout. */
export async function probeHttp(url: string, sloMs: number, timeoutMs: number): Promise<Outcome> {
  const result = await httpRequest(url, { timeoutMs, maxBytes: 64 * 1024 });
  return classifyProbe(result, sloMs, redactUrl(url));
}
