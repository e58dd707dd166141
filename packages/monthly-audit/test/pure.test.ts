import { describe, expect, it } from "vitest";
import { computeChanges } from "../src/changes.ts";
import { normalizeReport } from "../src/document.ts";
import { parseReports } from "../src/input.ts";
import { escapeMarkdown, markdownTable } from "../src/markdown-text.ts";
import { monthOf, parseMonth, previousMonth } from "../src/month.ts";
import { cellCount, envelope } from "./envelopes.ts";

describe("months", () => {
  it.each([
    ["2026-11", "2026-10"],
    ["2026-01", "2025-12"],
    ["2026-10", "2026-09"],
    ["0001-01", "0000-12"],
  ])("the month before %s is %s", (month, prev) => {
    expect(previousMonth(month)).toBe(prev);
  });

  it.each(["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "", "2026-11-01"])("--month %j is rejected naming the flag", (value) => {
    expect(() => parseMonth(value)).toThrowError(expect.objectContaining({ code: "INVALID_ARGUMENT", path: "--month" }));
  });

  it("takes the UTC month of the clock", () => {
    expect(monthOf(new Date("2026-11-30T23:59:59.999Z"))).toBe("2026-11");
    expect(monthOf(new Date("2026-12-01T00:00:00.000Z"))).toBe("2026-12");
  });
});

describe("escapeMarkdown", () => {
  it.each([
    ["a | b", "a \\| b"],
    ["<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"],
    ["a & b", "a &amp; b"],
    ["`code`", "\\`code\\`"],
    ["line1\nline2\r\nline3", "line1 line2 line3"],
    ["back\\slash|", "back\\\\slash\\|"],
    ["*bold* _it_ [link](x)", "\\*bold\\* \\_it\\_ \\[link\\](x)"],
    ["🧙‍♂️ ok", "🧙‍♂️ ok"],
  ])("%j → %j", (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it("cuts long text by code point with an ellipsis, never splitting an emoji", () => {
    const out = escapeMarkdown("🔥".repeat(20), 5);
    expect(out).toBe("🔥🔥🔥🔥🔥…");
  });

  it("keeps every row of a table at the header's column count whatever the cells hold", () => {
    const table = markdownTable(["A", "B"], [[escapeMarkdown("x|y\\|z"), escapeMarkdown("1\n2|")], [escapeMarkdown("only one")]]);
    const rows = table.split("\n");
    expect(rows.map(cellCount)).toEqual([2, 2, 2, 2]);
  });
});

describe("parseReports", () => {
  const a = envelope("skills-audit", [{ id: "x/y", status: "ok", title: "y" }]);
  const b = envelope("wizard-bootstrap", [{ id: "node", status: "fail", title: "node missing" }]);

  it.each([
    ["one JSON document", JSON.stringify(a), ["skills-audit"]],
    ["one pretty-printed document", JSON.stringify(a, null, 2), ["skills-audit"]],
    ["an array", JSON.stringify([a, b]), ["skills-audit", "wizard-bootstrap"]],
    ["NDJSON", `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`, ["skills-audit", "wizard-bootstrap"]],
    ["NDJSON with blank lines and CRLF", `\r\n${JSON.stringify(a)}\r\n\r\n${JSON.stringify(b)}`, ["skills-audit", "wizard-bootstrap"]],
  ])("reads %s", (_name, text, tools) => {
    expect(parseReports(text, "-").map((r) => r.tool)).toEqual(tools);
  });

  it.each([
    ["a broken third line", `${JSON.stringify(a)}\n${JSON.stringify(b)}\n{"schema": oops\n`, /^line 3 of stdin is not JSON/],
    ["a JSON line that is not an envelope", `${JSON.stringify(a)}\n{"hello":1}\n`, /^line 2 of stdin is not a report envelope: "schema" must be/],
    ["an array element that is not an envelope", JSON.stringify([a, 42]), /^element 1 of the array in stdin is not a report envelope/],
    ["a finding with a bad status", JSON.stringify({ ...a, findings: [{ id: "q", status: "bad", title: "t" }] }), /findings\[0\]\.status must be one of/],
    ["a number", "42", /^stdin is not a report envelope: expected an object/],
  ])("rejects %s with INVALID_INPUT naming where", (_name, text, message) => {
    expect(() => parseReports(text, "-")).toThrowError(expect.objectContaining({ code: "INVALID_INPUT", message: expect.stringMatching(message), path: "-" }));
  });

  it.each([["", "it is empty"], ["  \n", "it is empty"], ["[]", "an empty array"]])("rejects empty input %j with EMPTY_INPUT", (text, why) => {
    expect(() => parseReports(text, "in.json")).toThrowError(expect.objectContaining({ code: "EMPTY_INPUT", message: `no report envelopes in in.json (${why})` }));
  });
});

describe("computeChanges", () => {
  const f = (id: string, status: "ok" | "fail" | "error" | "warn") => ({ id, status, title: `${id} title` });
  const oct = [envelope("skills-audit", [f("a", "fail"), f("b", "fail"), f("c", "ok")]), envelope("fleet-status", [f("wizard:ezra", "fail")])];
  const nov = [envelope("skills-audit", [f("a", "fail"), f("b", "ok"), f("c", "error"), f("d", "warn")])];

  it("lists new and resolved problems by <tool>/<id>, and does not call a tool that did not run resolved", () => {
    const ch = computeChanges(nov, oct, "2026-10");
    expect(ch.state).toBe("compared");
    expect(ch.newProblems.map((p) => p.key)).toEqual(["skills-audit/c"]);
    expect(ch.resolved.map((p) => p.key)).toEqual(["skills-audit/b"]);
    expect(ch.stillOpen).toBe(1);
    expect(ch.notChecked).toBe(1);
  });

  it("is a first audit without a previous month", () => {
    expect(computeChanges(nov, undefined, "2026-10")).toEqual({ previousPeriod: "2026-10", state: "first", newProblems: [], resolved: [], stillOpen: 0, notChecked: 0 });
  });

  it("counts a tool that could not run as one stable problem", () => {
    const broken = normalizeReport({ ...envelope("cycle-guard", []), status: "error", error: { code: "CORRUPT_STATE", message: "bad" } });
    expect(broken.findings).toEqual([expect.objectContaining({ id: "tool-error", status: "error", message: "CORRUPT_STATE: bad" })]);
    const ch = computeChanges([broken], [], "2026-10");
    expect(ch.newProblems.map((p) => p.key)).toEqual(["cycle-guard/tool-error"]);
  });
});
