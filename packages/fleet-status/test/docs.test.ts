import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateReport } from "@wizard-council/kit/testing";

const README = readFileSync(join(__dirname, "..", "README.md"), "utf8");
const SCHEMA = join(__dirname, "..", "schema", "report.schema.json");

describe("README", () => {
  it("its JSON example is a report the schema accepts", () => {
    const block = /```json\n(.+?)\n```/s.exec(README)?.[1];
    expect(block).toBeTypeOf("string");
    expect(validateReport(JSON.parse(block!), SCHEMA)).toEqual({ valid: true, errors: "" });
  });

  it("the schema rejects a probe target that carries credentials", () => {
    const report = JSON.parse(/```json\n(.+?)\n```/s.exec(README)![1]!);
    report.findings[0].data.probes[0].target = "http://admin:pw@10.0.0.5:8645/health";
    expect(validateReport(report, SCHEMA).valid).toBe(false);
  });

  it("documents every error code the source can throw", () => {
    const src = ["registry.ts", "registry-parse.ts", "fleet.ts"].map((f) => readFileSync(join(__dirname, "..", "src", f), "utf8")).join("\n");
    const codes = [...new Set([...src.matchAll(/new ToolError\("([A-Z_]+)"/g)].map((m) => m[1]!))].sort();
    expect(codes).toEqual(["INVALID_ARGUMENT", "INVALID_REGISTRY", "REGISTRY_NOT_FOUND", "UNKNOWN_MEMBER", "UNREADABLE_REGISTRY"]);
    for (const code of codes) expect(README).toContain(`\`${code}\``);
  });
});
