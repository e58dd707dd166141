import { describe, expect, it } from "vitest";
import { createErrorReport, createReport, exitCodeFor, isReport, summarize, worstStatus, type Finding, type Status } from "../src/report.ts";
import { validateReport } from "../testing/index.ts";

const f = (status: Status, id: string = status): Finding => ({ id, status, title: id });

describe("worstStatus", () => {
  it.each<[Status[], string]>([
    [[], "ok"],
    [["ok", "skip"], "ok"],
    [["ok", "warn", "skip"], "warn"],
    [["warn", "fail"], "fail"],
    [["ok", "error"], "fail"],
    [["skip"], "ok"],
  ])("%j → %s", (statuses, expected) => {
    expect(worstStatus(statuses.map((s) => f(s)))).toBe(expected);
  });
});

describe("summarize", () => {
  it("always has the five counts and adds a tool's own keys", () => {
    expect(summarize([f("ok"), f("ok"), f("error")], { skills: 3 })).toEqual({ ok: 2, warn: 0, fail: 0, error: 1, skip: 0, skills: 3 });
  });
});

describe("createReport", () => {
  const now = new Date("2026-11-21T03:00:00.000Z");
  it("builds an envelope that validates against the schema", () => {
    const report = createReport({ tool: "dependency-checker", version: "0.1.0", host: "forge-01", now, findings: [f("ok", "a"), f("warn", "b")], data: { x: 1 } });
    expect(report).toMatchObject({ schema: "wizard-council/report@1", host: "forge-01", generatedAt: "2026-11-21T03:00:00.000Z", status: "warn" });
    expect(validateReport(report)).toEqual({ valid: true, errors: "" });
    expect(isReport(report)).toBe(true);
    expect(exitCodeFor(report)).toBe(0);
  });

  it("an error envelope has status error, an UPPER_SNAKE code, and exit 2", () => {
    const report = createErrorReport("cycle-guard", "0.1.0", { code: "CORRUPT_STATE", message: "state file is not valid JSON", path: "/x/state.json" }, now);
    expect(validateReport(report).valid).toBe(true);
    expect(exitCodeFor(report)).toBe(2);
  });

  it("the schema rejects what the contract forbids", () => {
    const good = createReport({ tool: "t", version: "0.1.0", now, findings: [f("fail", "x")], data: {} });
    expect(validateReport({ ...good, status: "error" }).valid).toBe(false); // error status without an error object
    expect(validateReport({ ...good, findings: [{ id: "x", status: "bad", title: "x" }] }).valid).toBe(false);
    expect(validateReport({ ...good, summary: { ok: 1 } }).valid).toBe(false);
    expect(validateReport({ ...good, error: { code: "lower", message: "m" }, status: "error" }).valid).toBe(false);
    expect(exitCodeFor(good)).toBe(1);
  });
});
