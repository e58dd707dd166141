import { describe, expect, it } from "vitest";
import { testdir } from "@wizard-council/kit/testing";
import { createContext, type Check, type Outcome } from "../src/check.ts";
import { runChecks } from "../src/runner.ts";

const check = (id: string, run: Check["run"], required = true): Check => ({ id, title: id, required, network: false, run });
const ok = (message: string) => async (): Promise<Outcome> => ({ status: "ok", message });

function context(timeoutMs: number) {
  return createContext({ hermesHome: testdir(), env: {}, offline: false, fix: false, timeoutMs });
}

describe("runChecks", () => {
  it("a check that throws becomes an error finding and the others still report, in contract order", async () => {
    const findings = await runChecks([
      check("runtime:a", ok("first")),
      check("binary:b", async () => {
        throw new Error("disk on fire");
      }),
      check("binary:c", ok("third")),
    ], context(1000), 10_000);
    expect(findings).toEqual([
      { id: "runtime:a", title: "runtime:a", status: "ok", message: "first" },
      { id: "binary:b", title: "binary:b", status: "error", message: "check failed: disk on fire", fix: "run with --debug, or report this", data: { reason: "exception" } },
      { id: "binary:c", title: "binary:c", status: "ok", message: "third" },
    ]);
  });

  it("a check that never settles is abandoned after its timeout plus grace", async () => {
    const findings = await runChecks([check("hermes_agent", () => new Promise<Outcome>(() => {})), check("llm_provider", ok("fine"))], context(200), 60_000);
    expect(findings.map((f) => [f.status, f.message, f.data?.reason])).toEqual([
      ["error", "did not finish within 1200 ms", "timeout"],
      ["ok", "fine", undefined],
    ]);
  });

  it("an optional check's fail and error become warnings that keep the original status", async () => {
    const findings = await runChecks([
      check("binary:x", async () => ({ status: "fail", message: "x is not on PATH", fix: "install x" }), false),
      check("binary:y", async () => {
        throw new Error("boom");
      }, false),
      check("binary:z", async () => ({ status: "ok", message: "here" }), false),
    ], context(1000), 10_000);
    expect(findings.map((f) => [f.status, f.message, f.data])).toEqual([
      ["warn", "optional: x is not on PATH", { required: false, wouldBe: "fail" }],
      ["warn", "optional: check failed: boom", { reason: "exception", required: false, wouldBe: "error" }],
      ["ok", "here", undefined],
    ]);
  });

  it("redacts every secret a check met from messages, fixes and data, even when a check throws it", async () => {
    const ctx = context(1000);
    const findings = await runChecks([
      check("gitea_auth", async (c) => {
        c.secrets.add("s3cr3t-token-value");
        return { status: "ok", message: "authenticated as s3cr3t-token-value", data: { login: "s3cr3t-token-value", nested: ["x s3cr3t-token-value"] } };
      }),
      check("telegram_bot", async (c) => {
        c.secrets.add("bot-token-987654");
        throw new Error("request to /botbot-token-987654/getMe failed");
      }),
    ], ctx, 10_000);
    expect(findings[0]).toMatchObject({ message: "authenticated as ***", data: { login: "***", nested: ["x ***"] } });
    expect(findings[1]!.message).toBe("check failed: request to /bot***/getMe failed");
  });
});
