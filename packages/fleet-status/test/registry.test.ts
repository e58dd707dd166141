import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testdir } from "@wizard-council/kit/testing";
import { parseRegistry } from "../src/registry-parse.ts";
import { readRegistry, resolveRegistryPath } from "../src/index.ts";

const SECRET = "hunter2-Sup3rSecret";

function problem(text: string): { code: string; message: string } {
  try {
    parseRegistry(text, "/srv/fleet/fleet.yaml");
  } catch (err) {
    const e = err as { code: string; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error("expected the registry to be rejected");
}

describe("parseRegistry rejects malformed registries, naming the line and field", () => {
  it.each([
    ["broken flow mapping", "wizards:\n  - name: ezra\n    gateway: { url: http://a:1/h\n  - name: b\n", "fleet.yaml:4: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }"],
    ["tab indentation", "wizards:\n\t- name: ezra\n", "fleet.yaml:2: invalid YAML: Tabs are not allowed as indentation"],
    ["duplicate key", "wizards:\n  - name: a\n    name: b\n", "fleet.yaml:3: invalid YAML: Map keys must be unique"],
    ["two documents", "wizards: []\n---\nservices: []\n", "fleet.yaml:2: invalid YAML: the registry must be one YAML document (found a second ---)"],
    ["empty file", "", "fleet.yaml:1: expected a mapping with wizards and/or services, got nothing"],
    ["a list at the top", "- a\n- b\n", "fleet.yaml:1: expected a mapping with wizards and/or services, got a list"],
    ["no members", "defaults: { timeout_ms: 500 }\n", "fleet.yaml:1: the registry lists no wizards and no services"],
    ["unknown top-level key", "wizard:\n  - name: a\n", "fleet.yaml:1: unknown key \"wizard\" (expected one of: defaults, wizards, services)"],
    ["wizards is a string", "wizards: hello\n", "fleet.yaml:1: wizards: expected a list, got a string"],
    ["name is a number", "wizards:\n  - name: 12\n", "fleet.yaml:2: wizards[0].name: expected a string, got 12"],
    ["missing name", "wizards:\n  - host: x\n    gateway:\n      url: http://a/h\n", "fleet.yaml:2: wizards[0]: missing required key \"name\""],
    ["name with a comma", "wizards:\n  - name: \"a,b\"\n", "fleet.yaml:2: wizards[0].name: expected a name of letters, digits, \".\", \"_\" or \"-\" (at most 64)"],
    ["misspelt key", "wizards:\n  - name: a\n    gatway: {url: http://a/}\n", "fleet.yaml:3: wizards[0]: unknown key \"gatway\" (expected one of: name, host, role, gateway, webhook, ssh)"],
    ["empty gateway", "wizards:\n  - name: a\n    gateway:\n", "fleet.yaml:3: wizards[0].gateway: expected a mapping, got null"],
    ["gateway url is a number", "wizards:\n  - name: a\n    gateway: { url: 8643 }\n", "fleet.yaml:3: wizards[0].gateway.url: expected a string, got 8643"],
    ["gateway url not a URL", "wizards:\n  - name: a\n  - name: b\n    gateway: { url: \"10.0.0.5:8643\" }\n", "fleet.yaml:4: wizards[1].gateway.url: expected an http(s) URL"],
    ["gateway url without scheme", "wizards:\n  - name: a\n    gateway: { url: \"/health\" }\n", "fleet.yaml:3: wizards[0].gateway.url: expected an http(s) URL"],
    ["ssh missing command", "wizards:\n  - name: a\n    ssh: { target: root@h }\n", "fleet.yaml:3: wizards[0].ssh: missing required key \"command\""],
    ["ssh target that is an option", "wizards:\n  - name: a\n    ssh: { target: \"-oProxyCommand=touch /tmp/x\", command: uptime }\n", "fleet.yaml:3: wizards[0].ssh.target: expected an ssh destination such as root@10.0.0.5 (not starting with -)"],
    ["timeout of zero", "defaults: { timeout_ms: 0 }\nwizards: [{ name: a }]\n", "fleet.yaml:1: defaults.timeout_ms: expected a whole number from 1 to 600000, got 0"],
    ["timeout as text", "defaults:\n  timeout_ms: soon\nwizards: [{ name: a }]\n", "fleet.yaml:2: defaults.timeout_ms: expected a whole number from 1 to 600000, got a string"],
    ["unknown service kind", "services:\n  - { name: g, kind: ftp, url: \"http://x/\" }\n", "fleet.yaml:2: services[0].kind: expected one of: http, gitea"],
    ["service without url", "services:\n  - name: g\n", "fleet.yaml:2: services[0]: missing required key \"url\""],
    ["a URL whose user is badly %-encoded", "wizards:\n  - name: a\n    gateway: { url: \"http://a%zz:b@h/\" }\n", "fleet.yaml:3: wizards[0].gateway.url: expected an http(s) URL whose user and password are validly %-encoded"],
    ["a JS tag is data, not code", "wizards:\n  - name: !!js/function 'function(){}'\n", "fleet.yaml:2: wizards[0].name: expected a name of letters, digits, \".\", \"_\" or \"-\" (at most 64)"],
    ["several problems are counted", "wizards:\n  - name: 1\n  - name: 2\n  - name: 3\n", "fleet.yaml:2: wizards[0].name: expected a string, got 1 (and 2 more problems)"],
  ])("%s", (_label, text, message) => {
    expect(problem(text)).toEqual({ code: "INVALID_REGISTRY", message });
  });

  it.each([
    ["a bad scheme", `wizards:\n  - name: a\n    gateway: { url: "ftp://admin:${SECRET}@h/x" }\n`, "fleet.yaml:3: wizards[0].gateway.url: expected an http(s) URL, got a ftp: URL"],
    ["an unterminated quote", `wizards:\n  - name: a\n    gateway: { url: "http://admin:${SECRET}@h/x }\n`, "fleet.yaml:4: invalid YAML: Missing closing \"quote"],
    ["a block scalar header the parser quotes", `wizards:\n  - name: a\n    gateway:\n      url: |http://admin:${SECRET}@h/x\n        x\n`, "fleet.yaml:4: invalid YAML: Block scalar header includes extra characters: <redacted>"],
    ["a value where a mapping belongs", `wizards:\n  - name: a\n    gateway: "http://admin:${SECRET}@h/x"\n`, "fleet.yaml:3: wizards[0].gateway: expected a mapping, got a string"],
    ["a URL used as a key", `wizards:\n  - name: a\n    "http://admin:${SECRET}@h/x": 1\n`, "fleet.yaml:3: wizards[0]: unknown key (expected one of: name, host, role, gateway, webhook, ssh)"],
  ])("never echoes the credentials of a URL in %s", (_label, text, message) => {
    const got = problem(text);
    expect(got.message).toBe(message);
    expect(got.message).not.toContain(SECRET);
  });
});

describe("parseRegistry accepts a realistic registry", () => {
  it("normalises wizards and services into members with their probes and lines", () => {
    const text = [
      "defaults:",
      "  timeout_ms: 1500",
      "  slow_ms: 400",
      "wizards:",
      "  - name: ezra",
      "    host: hermes-vps",
      "    role: architect",
      "    gateway: { url: \"http://10.0.0.5:8643/health\" }",
      "    webhook: { url: \"http://10.0.0.5:8648/health\" }",
      "    ssh: { target: root@10.0.0.5, command: \"systemctl is-active hermes-ezra; echo done\" }",
      "  - name: bare",
      "    ssh: { target: ops@box.internal, command: uptime }",
      "services:",
      "  - { name: gitea, kind: gitea, url: \"https://bot:tok@forge.example.org/git/\" }",
      "  - { name: ollama, url: \"http://127.0.0.1:11434/api/tags\" }",
      "",
    ].join("\n");
    expect(parseRegistry(text, "fleet.yaml")).toEqual({
      defaults: { timeoutMs: 1500, slowMs: 400 },
      members: [
        {
          kind: "wizard", name: "ezra", host: "hermes-vps", role: "architect", line: 5,
          probes: [
            { probe: "gateway", kind: "http", url: "http://10.0.0.5:8643/health" },
            { probe: "webhook", kind: "http", url: "http://10.0.0.5:8648/health" },
            { probe: "ssh", kind: "ssh", target: "root@10.0.0.5", command: "systemctl is-active hermes-ezra; echo done" },
          ],
        },
        { kind: "wizard", name: "bare", host: "box.internal", line: 11, probes: [{ probe: "ssh", kind: "ssh", target: "ops@box.internal", command: "uptime" }] },
        { kind: "service", name: "gitea", host: "forge.example.org", line: 14, probes: [{ probe: "gitea", kind: "gitea", url: "https://bot:tok@forge.example.org/git/" }] },
        { kind: "service", name: "ollama", host: "127.0.0.1", line: 15, probes: [{ probe: "http", kind: "http", url: "http://127.0.0.1:11434/api/tags" }] },
      ],
    });
  });

  it("validates an anchor where its alias is used", () => {
    const text = "x: 1\n";
    expect(problem(text).message).toBe("fleet.yaml:1: unknown key \"x\" (expected one of: defaults, wizards, services)");
    const shared = "defaults: &d\n  timeout_ms: 100\nwizards:\n  - name: a\nservices:\n  - *d\n";
    expect(problem(shared).message).toBe("fleet.yaml:2: services[0]: unknown key \"timeout_ms\" (expected one of: name, kind, url, host, role) (and 2 more problems)");
  });

  it("an alias names the last anchor defined before it", () => {
    const text = [
      "wizards:",
      "  - name: a",
      "    gateway: &gw { url: \"http://10.0.0.1:1/\" }",
      "  - name: b",
      "    gateway: *gw",
      "  - name: c",
      "    gateway: &gw { url: \"http://10.0.0.2:2/\" }",
      "  - name: d",
      "    gateway: *gw",
      "",
    ].join("\n");
    expect(parseRegistry(text, "fleet.yaml").members.map((m) => `${m.name} ${m.host}`)).toEqual(["a 10.0.0.1", "b 10.0.0.1", "c 10.0.0.2", "d 10.0.0.2"]);
    expect(problem("wizards:\n  - *nowhere\n").message).toMatch(/^fleet\.yaml:2: /);
  });

  it("resolves 30,000 aliases without walking the document for each (the parser's own resolve is quadratic)", () => {
    const rows = Array.from({ length: 30_000 }, () => "  - *w");
    const text = `wizards:\n  - &w { name: a, gateway: { url: "http://127.0.0.1:1/" } }\n${rows.join("\n")}\n`;
    expect(parseRegistry(text, "fleet.yaml").members).toHaveLength(30_001);
  });

  it("resolves 20,000 aliases to 20,000 redefinitions of one anchor", () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `  - &w { name: w${i}, host: h${i} }\n  - *w`);
    const members = parseRegistry(`wizards:\n${rows.join("\n")}\n`, "fleet.yaml").members;
    expect(members).toHaveLength(40_000);
    expect(members.slice(-2).map((m) => m.host)).toEqual(["h19999", "h19999"]);
    expect(members.slice(0, 2).map((m) => m.host)).toEqual(["h0", "h0"]);
  });

  it("the packaged example registry is valid", async () => {
    const reg = await readRegistry(join(__dirname, "..", "fleet.example.yaml"));
    expect(reg.members.map((m) => `${m.kind}:${m.name}@${m.host}:${m.probes.map((p) => p.probe).join("+")}`)).toEqual([
      "wizard:ezra@hermes-vps:gateway+webhook+ssh",
      "wizard:allegro-primus@hermes-vps:gateway+webhook+ssh",
      "wizard:bezalel@hermes-vps:gateway",
      "wizard:timmy@timmy-box:gateway",
      "service:gitea@forge.example.org:gitea",
      "service:ollama@hermes-vps:http",
    ]);
    expect(reg.defaults).toEqual({ timeoutMs: 3000, slowMs: 1000 });
  });
});

describe("resolveRegistryPath: flag, then FLEET_REGISTRY, then $HERMES_HOME/fleet.yaml", () => {
  it.each([
    ["the flag wins", { registry: "/a/flag.yaml", env: { FLEET_REGISTRY: "/b/env.yaml", HERMES_HOME: "/c" } }, "/a/flag.yaml"],
    ["then FLEET_REGISTRY", { env: { FLEET_REGISTRY: "/b/env.yaml", HERMES_HOME: "/c" } }, "/b/env.yaml"],
    ["then HERMES_HOME", { env: { HERMES_HOME: "/c/home" } }, "/c/home/fleet.yaml"],
    ["--hermes-home beats HERMES_HOME", { hermesHome: "/d/home", env: { HERMES_HOME: "/c/home" } }, "/d/home/fleet.yaml"],
  ])("%s", (_label, opts, expected) => {
    expect(resolveRegistryPath(opts)).toBe(expected);
  });

  it("reads FLEET_REGISTRY from $HERMES_HOME/.env when the environment lacks it", () => {
    const home = testdir();
    writeFileSync(join(home, ".env"), "FLEET_REGISTRY=/srv/fleet/registry.yaml\n");
    expect(resolveRegistryPath({ env: { HERMES_HOME: home } })).toBe("/srv/fleet/registry.yaml");
    expect(resolveRegistryPath({ env: { HERMES_HOME: home, FLEET_REGISTRY: "/x.yaml" } })).toBe("/x.yaml");
  });
});

describe("readRegistry file errors", () => {
  it("names a missing registry with REGISTRY_NOT_FOUND", async () => {
    const path = join(testdir(), "fleet.yaml");
    await expect(readRegistry(path)).rejects.toMatchObject({ code: "REGISTRY_NOT_FOUND", path, message: `no fleet registry at ${path}; pass --registry, set FLEET_REGISTRY, or create $HERMES_HOME/fleet.yaml` });
  });

  it("rejects a directory with INVALID_REGISTRY", async () => {
    const path = join(testdir(), "fleet.yaml");
    mkdirSync(path);
    await expect(readRegistry(path)).rejects.toMatchObject({ code: "INVALID_REGISTRY", path, message: "registry is a directory, expected a YAML file" });
  });
});

describe("readRegistry refuses what it cannot read", () => {
  it("names an unreadable registry (a symlink loop) with UNREADABLE_REGISTRY", async () => {
    const { symlinkSync } = await import("node:fs");
    const dir = testdir();
    symlinkSync(join(dir, "b.yaml"), join(dir, "a.yaml"));
    symlinkSync(join(dir, "a.yaml"), join(dir, "b.yaml"));
    await expect(readRegistry(join(dir, "a.yaml"))).rejects.toMatchObject({ code: "UNREADABLE_REGISTRY", message: "cannot read the fleet registry: ELOOP" });
  });

  it("names a path through a file with REGISTRY_NOT_FOUND", async () => {
    const file = join(testdir(), "plain");
    writeFileSync(file, "x");
    await expect(readRegistry(join(file, "fleet.yaml"))).rejects.toMatchObject({ code: "REGISTRY_NOT_FOUND" });
  });
});
