import { describe, expect, it } from "vitest";
import type { HttpResult } from "@wizard-council/kit";
import { classifyProbe } from "../src/checks/http-probe.ts";
import { classifyPct, cpuBusyPct, diskUsedPct, memoryUsedPct, parseCpuTimes } from "../src/checks/resources.ts";
import { parsePidFile } from "../src/checks/gateway.ts";
import { convertLegacyCheck, mapLegacyStatus, parseLegacyTs } from "../src/legacy.ts";
import { formatDuration, INITIAL_STATE, stepAlert, type AlertState } from "../src/alerts.ts";
import { kthOfSortedRuns, percentileOffset } from "../src/percentile.ts";
import { sloFinding, type SloResult } from "../src/slo.ts";
import { escapeLabel, renderPrometheus } from "../src/prometheus.ts";
import { snapshotStatus, type CheckStatus } from "../src/snapshot.ts";

const answer = (status: number, latencyMs: number): HttpResult => ({ ok: true, status, headers: {}, body: "", latencyMs });
const failure = (kind: "refused" | "timeout" | "reset", message: string): HttpResult => ({ ok: false, kind, message, latencyMs: 1.2 });

describe("classifyProbe", () => {
  it.each([
    ["200 fast", answer(200, 12.34), "ok", 12.3, "http://h/health answered HTTP 200 in 12.3 ms"],
    ["200 over the SLO", answer(200, 2500), "warn", 2500, "http://h/health answered HTTP 200 in 2500 ms (over the 2000 ms SLO)"],
    ["503 is a fail, not an error", answer(503, 3), "fail", null, "http://h/health returned HTTP 503"],
    ["404 is a fail", answer(404, 3), "fail", null, "http://h/health returned HTTP 404"],
    ["refused is warn with no latency", failure("refused", "connection refused (http://h)"), "warn", null, "http://h/health not started (connection refused)"],
    ["timeout is an error", failure("timeout", "no answer within 100 ms (http://h)"), "error", null, "http://h/health: no answer within 100 ms (http://h)"],
    ["reset is an error", failure("reset", "connection reset (http://h)"), "error", null, "http://h/health: connection reset (http://h)"],
  ])("%s", (_name, result, status, value, message) => {
    expect(classifyProbe(result, 2000, "http://h/health")).toEqual({ status, value, unit: "ms", message });
  });
});

describe("resource arithmetic", () => {
  it.each([
    [79.9, "ok"], [80, "warn"], [89.9, "warn"], [90, "fail"], [100, "fail"], [0, "ok"],
  ] as const)("classifyPct(%d) with 80/90 is %s", (v, s) => {
    expect(classifyPct(v, { warn: 80, crit: 90 })).toBe(s);
  });

  it.each([
    [{ blocks: 100, bfree: 50, bavail: 50 }, 50],
    [{ blocks: 100, bfree: 10, bavail: 5 }, (90 / 95) * 100],
    [{ blocks: 0, bfree: 0, bavail: 0 }, 0],
  ])("diskUsedPct(%o) = %d", (s, pct) => {
    expect(diskUsedPct(s)).toBeCloseTo(pct, 6);
  });

  it.each([
    ["MemTotal:       1000 kB\nMemFree:   10 kB\nMemAvailable:    250 kB\n", 75],
    ["MemTotal:       1000 kB\nMemAvailable:    1000 kB\n", 0],
    ["MemTotal:       1000 kB\nMemFree:   10 kB\n", undefined],
    ["", undefined],
  ])("memoryUsedPct(%j) = %s", (text, pct) => {
    expect(memoryUsedPct(text)).toBe(pct);
  });

  it("computes CPU busy % from two /proc/stat samples, counting iowait as idle", () => {
    const a = parseCpuTimes("cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 1 1 1\n")!;
    const b = parseCpuTimes("cpu  160 0 140 800 100 0 0 0 0 0\n")!;
    expect(a).toEqual({ busy: 200, total: 1000 });
    expect(b).toEqual({ busy: 300, total: 1200 });
    expect(cpuBusyPct(a, b)).toBe(50);
    expect(cpuBusyPct(a, a)).toBe(0);
    expect(parseCpuTimes("intr 1 2 3\n")).toBeUndefined();
  });
});

describe("parsePidFile", () => {
  it.each([
    ["1234\n", 1234], ["  42 ", 42], ['{"pid": 77, "kind": "hermes-gateway"}', 77], ['{"pid": "88"}', 88],
    ["abc", undefined], ['{"nopid": 1}', undefined], ["", undefined], ["12.5", undefined],
  ])("%j → %s", (text, pid) => {
    expect(parsePidFile(text)).toBe(pid);
  });
});

describe("legacy conversion", () => {
  it.each([["critical", "fail"], ["ok", "ok"], ["warn", "warn"], ["error", "error"], ["fail", "fail"], ["bogus", "error"], [undefined, "error"]])("status %s → %s", (a, b) => {
    expect(mapLegacyStatus(a)).toBe(b);
  });

  it.each([
    ["2026-10-01T12:00:00", Date.UTC(2026, 9, 1, 12)],
    ["2026-10-01 12:00:00.500", Date.UTC(2026, 9, 1, 12, 0, 0, 500)],
    ["2026-10-01T12:00:00+02:00", Date.UTC(2026, 9, 1, 10)],
    ["2026-10-01T12:00:00Z", Date.UTC(2026, 9, 1, 12)],
    ["yesterday", undefined],
    [42, undefined],
  ])("timestamp %j → %s (naive means UTC)", (ts, ms) => {
    expect(parseLegacyTs(ts)).toBe(ms);
  });

  it.each([
    [{ name: "webhook_http", status: "warn", message: "connection refused", value: 1.1, unit: "ms" }, { status: "warn", value: null }],
    [{ name: "webhook_http", status: "ok", message: "HTTP 200", value: 35.5, unit: "ms" }, { status: "ok", value: 35.5 }],
    [{ name: "api_server_http", status: "critical", message: "HTTP 503", value: 4, unit: "ms" }, { status: "fail", value: null }],
    [{ name: "disk", status: "critical", message: "disk 95%", value: 95, unit: "%" }, { status: "fail", value: 95 }],
    [{ name: "memory", status: "ok", message: "fine", value: "12", unit: "%" }, { status: "ok", value: null }],
  ])("check %o keeps a latency only for a real answer", (legacy, expected) => {
    expect(convertLegacyCheck(legacy)).toMatchObject({ id: legacy.name, ...expected });
  });
});

describe("stepAlert", () => {
  type Step = [CheckStatus, "alert" | "recovery" | undefined];
  const run = (steps: Step[], alertAfter: number) => {
    let state: AlertState = INITIAL_STATE;
    return steps.map(([status], i) => {
      const r = stepAlert(state, { id: "webhook_http", status, message: `m<${i}>` }, i * 60_000, alertAfter);
      state = r.state;
      return r.event?.kind;
    });
  };
  it.each<[string, Step[], number]>([
    ["alerts once on the first bad snapshot and recovers once", [["ok", undefined], ["fail", "alert"], ["fail", undefined], ["error", undefined], ["ok", "recovery"], ["ok", undefined]], 1],
    ["waits for ALERT_AFTER consecutive bad snapshots", [["fail", undefined], ["fail", undefined], ["fail", "alert"], ["fail", undefined], ["ok", "recovery"]], 3],
    ["a blip shorter than ALERT_AFTER never alerts nor recovers", [["fail", undefined], ["ok", undefined], ["fail", undefined], ["ok", undefined]], 2],
    ["warn is neither an alert nor a recovery", [["warn", undefined], ["fail", "alert"], ["warn", undefined], ["fail", undefined], ["ok", "recovery"]], 1],
  ])("%s", (_name, steps, alertAfter) => {
    expect(run(steps, alertAfter)).toEqual(steps.map((s) => s[1]));
  });

  it("escapes the message and gives the outage duration on recovery", () => {
    const down = stepAlert(INITIAL_STATE, { id: "webhook_http", status: "fail", message: "<b>&" }, 1_000_000, 1);
    expect(down.event?.message).toBe("🔴 <b>webhook health endpoint</b> is <b>fail</b>: &lt;b&gt;&amp;");
    const up = stepAlert(down.state, { id: "webhook_http", status: "ok", message: "fine" }, 1_000_000 + 3_725_000, 1);
    expect(up.event?.message).toBe("✅ <b>webhook health endpoint</b> recovered after 1h 2m down: fine");
    expect(up.state).toEqual({ status: "ok", badCount: 0, since: null, alerted: false });
  });

  it.each([[0, "0s"], [12_000, "12s"], [245_000, "4m 5s"], [3_725_000, "1h 2m"], [90_000_000, "1d 1h"]])("formatDuration(%d) = %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("SLO helpers", () => {
  const runs = (...rs: number[][]) => rs.map((r) => Float64Array.from(r));
  it.each([
    [[[5]], 0, 5],
    [[[1, 2, 3]], 0, 1],
    [[[1, 2, 3]], 2, 3],
    [[[1, 7, 7], [], [7, 7]], 1, 7],
    [[[0, 2, 4, 6, 8], [1, 3, 5, 7, 9]], 4, 4],
    [[[0, 2, 4, 6, 8], [1, 3, 5, 7, 9]], 8, 8],
    [[[5, 5, 5], [5]], 3, 5],
  ])("kthOfSortedRuns(%j, %d) = %d", (rs, k, expected) => {
    expect(kthOfSortedRuns(runs(...rs), k)).toBe(expected);
  });

  it("kthOfSortedRuns agrees with a full sort of the union at every rank checked, from both ends", () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 40; trial++) {
      // Up to 35 runs of 0..400 values with many duplicates (0.1 ms resolution over a narrow range).
      const rs = Array.from({ length: 1 + Math.floor(rand() * 35) }, () => Array.from({ length: Math.floor(rand() * 400) }, () => Math.round(rand() * 500) / 10).sort((a, b) => a - b));
      const all = rs.flat().sort((a, b) => a - b);
      if (all.length === 0) continue;
      for (const k of new Set([0, 1, Math.floor(all.length / 2), percentileOffset(all.length, 95), all.length - 2, all.length - 1].filter((k) => k >= 0))) {
        expect(kthOfSortedRuns(runs(...rs), k), `trial ${trial}, k ${k}`).toBe(all[k]);
      }
    }
  });

  it.each([[-1], [3], [1.5]])("kthOfSortedRuns rejects rank %d of 3 values", (k) => {
    expect(() => kthOfSortedRuns(runs([1, 2], [3]), k)).toThrow(RangeError);
  });

  it.each([[1, 0], [20, 18], [100, 94], [43_200, 41_039]])("p95 of %d values is at offset %d", (n, off) => {
    expect(percentileOffset(n, 95)).toBe(off);
  });

  const base: SloResult = { id: "webhook_latency_ms", description: "d", target: 2000, unit: "ms", actual: 120, met: true, samples: 10, failures: 0 };
  it.each<[string, Partial<SloResult>, string, string]>([
    ["met", {}, "ok", "120 ms vs target 2000 ms over 10 samples: met"],
    ["met with failed probes reported separately", { failures: 3 }, "warn", "120 ms vs target 2000 ms over 10 samples: met; 3 probe(s) got no successful answer"],
    ["missed", { actual: 2500, met: false }, "fail", "2500 ms vs target 2000 ms over 10 samples: missed"],
    ["never answered", { actual: null, met: false, samples: 0, failures: 50 }, "fail", "no successful probe in the window (50 failed); target 2000 ms"],
    ["no data", { actual: null, met: null, samples: 0 }, "skip", "no data in the window"],
  ])("%s", (_n, patch, status, message) => {
    expect(sloFinding({ ...base, ...patch })).toMatchObject({ id: "webhook_latency_ms", status, message });
  });
});

describe("Prometheus exposition", () => {
  it.each([['a"b', 'a\\"b'], ["a\\b", "a\\\\b"], ["a\nb", "a\\nb"], ["plain", "plain"]])("escapes label %j", (raw, esc) => {
    expect(escapeLabel(raw)).toBe(esc);
  });

  it("renders HELP/TYPE, status codes, values with units and the snapshot time", () => {
    const text = renderPrometheus({ ts: "2026-11-01T00:00:00.000Z", status: "fail", checks: [
      { id: "disk", status: "ok", message: "", value: 41.5, unit: "%" },
      { id: "webhook_http", status: "fail", message: "", value: null, unit: "ms" },
    ] });
    expect(text.split("\n")).toEqual([
      "# HELP observatory_check_status Status of each check: 0 ok, 1 warn, 2 fail, 3 error, 4 skip.",
      "# TYPE observatory_check_status gauge",
      'observatory_check_status{check="disk"} 0',
      'observatory_check_status{check="webhook_http"} 2',
      "# HELP observatory_check_ok 0 when the check is fail or error, else 1 (ok, warn, skip).",
      "# TYPE observatory_check_ok gauge",
      'observatory_check_ok{check="disk"} 1',
      'observatory_check_ok{check="webhook_http"} 0',
      "# HELP observatory_check_value The check's measured value (unit in the unit label): latency ms, percent, pid or count.",
      "# TYPE observatory_check_value gauge",
      'observatory_check_value{check="disk",unit="%"} 41.5',
      "# HELP observatory_snapshot_status Overall status of the latest snapshot: 0 ok, 1 warn, 2 fail, 3 error.",
      "# TYPE observatory_snapshot_status gauge",
      "observatory_snapshot_status 2",
      "# HELP observatory_snapshot_timestamp_seconds When the latest snapshot was taken (Unix time).",
      "# TYPE observatory_snapshot_timestamp_seconds gauge",
      "observatory_snapshot_timestamp_seconds 1793491200",
      "",
    ]);
  });
});

describe("snapshotStatus", () => {
  it.each<[CheckStatus[], string]>([[["ok", "skip"], "ok"], [["ok", "warn"], "warn"], [["warn", "error"], "error"], [["error", "fail"], "fail"], [[], "ok"]])("%j → %s", (s, expected) => {
    expect(snapshotStatus(s.map((status) => ({ status })))).toBe(expected);
  });
});
