import { describe, expect, it } from "vitest";
import { colorsFor, createReport, stripAnsi } from "@wizard-council/kit";
import { describeProbe, endpointOf, findDrift, giteaVersionUrl, mapWithConcurrency, memberState, renderSitrep, sshArgs, type FleetData, type Member, type ProbeResult } from "../src/index.ts";
import { memberFinding } from "../src/verdict.ts";
import { firstLine } from "../src/probe-result.ts";

const up = (probe: ProbeResult["probe"], extra: Partial<ProbeResult> = {}): ProbeResult => ({ probe, target: `http://h/${probe}`, up: true, slow: false, latencyMs: 12, httpStatus: 200, ...extra });
const down = (probe: ProbeResult["probe"], extra: Partial<ProbeResult> = {}): ProbeResult => ({ probe, target: `http://h/${probe}`, up: false, slow: false, latencyMs: 3, failure: "refused", reason: "connection refused", ...extra });

describe("memberState", () => {
  it.each([
    ["no probes", [], "UNPROBED"],
    ["all up", [up("gateway"), up("webhook")], "UP"],
    ["one down", [up("gateway"), down("webhook")], "DEGRADED"],
    ["up but slow", [up("gateway", { slow: true })], "DEGRADED"],
    ["all down", [down("gateway"), down("ssh")], "DOWN"],
  ] as const)("%s → %s", (_label, results, state) => {
    expect(memberState([...results])).toBe(state);
  });
});

describe("describeProbe", () => {
  it.each([
    [up("gateway"), "gateway 200 12ms"],
    [up("gateway", { slow: true, latencyMs: 1480.6 }), "gateway 200 1481ms slow"],
    [up("gitea", { version: "1.22.3" }), "gitea 1.22.3 12ms"],
    [{ probe: "ssh", target: "ssh root@h", up: true, slow: false, latencyMs: 240, exitCode: 0, output: "active" } as ProbeResult, 'ssh ok 240ms "active"'],
    [down("webhook"), "webhook connection refused"],
    [down("gateway", { failure: "http", httpStatus: 503, reason: "HTTP 503" }), "gateway HTTP 503"],
  ])("%j → %s", (result, text) => {
    expect(describeProbe(result)).toBe(text);
  });
});

describe("firstLine keeps one clean line of remote output", () => {
  it.each([
    ["\n\n  active  \nmore\n", "active"],
    ["\u001B[31mfailed\u001B[0m\n", "failed"],
    ["bell\u0007 and \u001B]0;title\u0007 osc", "bell and ]0;title osc"],
    ["x".repeat(200), `${"x".repeat(119)}…`],
    ["", ""],
  ])("%j → %j", (text, line) => {
    expect(firstLine(text)).toBe(line);
  });
});

describe("endpointOf fills in the scheme's default port", () => {
  it.each([
    ["http://10.0.0.5:8643/health", "10.0.0.5:8643"],
    ["http://Forge.Example.org/x", "forge.example.org:80"],
    ["https://forge.example.org", "forge.example.org:443"],
    ["https://user:pw@[::1]:8443/", "[::1]:8443"],
  ])("%s → %s", (url, endpoint) => {
    expect(endpointOf(url)).toBe(endpoint);
  });
});

describe("giteaVersionUrl", () => {
  it.each([
    ["https://forge.example.org", "https://forge.example.org/api/v1/version"],
    ["https://forge.example.org/", "https://forge.example.org/api/v1/version"],
    ["https://example.org/git//?tab=x#top", "https://example.org/git/api/v1/version"],
  ])("%s → %s", (url, endpoint) => {
    expect(giteaVersionUrl(url)).toBe(endpoint);
  });
});

describe("sshArgs", () => {
  it.each([
    [3000, "ConnectTimeout=3"],
    [1500, "ConnectTimeout=2"],
    [200, "ConnectTimeout=1"],
  ])("timeout %i ms → %s", (ms, connect) => {
    expect(sshArgs("root@h", "uptime; id", ms)).toEqual(["-o", "BatchMode=yes", "-o", connect, "root@h", "uptime; id"]);
  });
});

describe("mapWithConcurrency", () => {
  it("keeps order and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (n, i) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, n));
      running -= 1;
      return `${i}:${n}`;
    });
    expect(out).toEqual(["0:5", "1:1", "2:4", "3:2", "4:3", "5:0"]);
    expect(peak).toBe(2);
  });

  it("handles an empty list", async () => {
    expect(await mapWithConcurrency([], 64, async () => 1)).toEqual([]);
  });
});

const member = (name: string, urls: string[], line: number, kind: Member["kind"] = "wizard"): Member => ({
  kind, name, host: "h", line, probes: urls.map((url) => ({ probe: "gateway" as const, kind: "http" as const, url })),
});

describe("findDrift", () => {
  it("finds shared host:port, duplicate names and wizards with no probe", () => {
    const drift = findDrift([
      member("ezra", ["http://10.0.0.5:8643/health"], 3),
      member("allegro", ["http://10.0.0.5:8643/other", "http://10.0.0.5:8648/health"], 6),
      member("ezra", ["http://10.0.0.6:80/health"], 9),
      member("ghost", [], 12),
      member("ollama", ["http://10.0.0.6/api/tags"], 15, "service"),
    ]);
    expect(drift.map((f) => [f.id, f.status, f.title, f.message])).toEqual([
      ["drift:port:10.0.0.5:8643", "warn", "2 members claim 10.0.0.5:8643", "ezra, allegro all probe 10.0.0.5:8643; one gateway or service per port"],
      ["drift:port:10.0.0.6:80", "warn", "2 members claim 10.0.0.6:80", "ezra, ollama all probe 10.0.0.6:80; one gateway or service per port"],
      ["drift:duplicate-name:ezra", "warn", "name ezra is used 2 times", "ezra appears at lines 3, 9 of the registry"],
      ["drift:no-probe:ghost", "warn", "ghost has no probe", "wizard ghost (line 12) has no gateway, webhook or ssh entry, so its state is unknown"],
    ]);
  });

  it("does not count one member's two probes on one port, and lists at most five names in the message", () => {
    const many = Array.from({ length: 8 }, (_, i) => member(`w${i}`, ["http://127.0.0.1:9000/a", "http://127.0.0.1:9000/b"], i + 1));
    const drift = findDrift(many);
    expect(drift).toHaveLength(1);
    expect(drift[0]!.message).toBe("w0, w1, w2, w3, w4 and 3 more all probe 127.0.0.1:9000; one gateway or service per port");
    expect(drift[0]!.data).toEqual({ drift: "port", endpoint: "127.0.0.1:9000", members: ["w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7"] });
    expect(findDrift([member("solo", ["http://127.0.0.1:9000/a", "http://127.0.0.1:9000/b"], 1)])).toEqual([]);
  });

  it("lists at most five lines of a name used many times", () => {
    const drift = findDrift(Array.from({ length: 7 }, (_, i) => member("ezra", [], 10 + i)).map((m) => ({ ...m, probes: [{ probe: "ssh" as const, kind: "ssh" as const, target: "root@h", command: "true" }] })));
    expect(drift.map((f) => f.message)).toEqual(["ezra appears at lines 10, 11, 12, 13, 14 and 2 more of the registry"]);
    expect(drift[0]!.data).toEqual({ drift: "duplicate-name", name: "ezra", lines: [10, 11, 12, 13, 14, 15, 16] });
  });
});

describe("renderSitrep", () => {
  const findings = [
    memberFinding(member("ezra", ["http://10.0.0.5:8643/health"], 3), "wizard:ezra", [up("gateway"), up("webhook", { latencyMs: 8 })]),
    memberFinding({ ...member("allegro-primus", [], 6), host: "hermes-vps" }, "wizard:allegro-primus", [up("gateway"), down("webhook")]),
    memberFinding(member("bezalel", [], 9), "wizard:bezalel", [down("gateway", { failure: "timeout", reason: "timeout: no answer within 3000 ms" })]),
    memberFinding({ ...member("gitea", [], 12, "service"), host: "forge.example.org" }, "service:gitea", [up("gitea", { version: "1.22.3", latencyMs: 40 })]),
    ...findDrift([member("a", ["http://x:1/"], 1), member("b", ["http://x:1/"], 2)]),
  ];
  const report = createReport<FleetData>({
    tool: "fleet-status", version: "0.1.0", findings, now: new Date("2026-11-21T03:00:00Z"), host: "forge-01",
    data: { registry: "/r.yaml", timeoutMs: 3000, slowMs: 1000, concurrency: 64, members: 4, probes: 5, up: 2, degraded: 1, down: 1, unprobed: 0, drift: 1, durationMs: 3012 },
  });

  it("prints an aligned table of wizards, then services, then drift and the summary", async () => {
    expect(renderSitrep(report, await colorsFor({ isTTY: false }, {}))).toBe([
      "Wizard          Host               Status    Detail",
      "ezra            h                  UP        gateway 200 12ms; webhook 200 8ms",
      "allegro-primus  hermes-vps         DEGRADED  gateway 200 12ms; webhook connection refused",
      "bezalel         h                  DOWN      gateway timeout: no answer within 3000 ms",
      "",
      "Service         Host               Status    Detail",
      "gitea           forge.example.org  UP        gitea 1.22.3 40ms",
      "",
      "! 2 members claim x:1 — a, b all probe x:1; one gateway or service per port",
      "    fix: give each member its own port in the registry, or remove the stale entry",
      "",
      "fleet-status: fail · 2 ok · 2 warn · 1 fail · 3012 ms",
      "",
    ].join("\n"));
  });

  it("colours the status column without breaking the alignment", async () => {
    const coloured = renderSitrep(report, await colorsFor({ isTTY: false }, { FORCE_COLOR: "1" }));
    expect(coloured).toContain("\u001B[32mUP      \u001B[39m");
    expect(coloured).toContain("\u001B[31mDOWN    \u001B[39m");
    expect(stripAnsi(coloured)).toBe(renderSitrep(report, await colorsFor({ isTTY: false }, {})));
  });
});
