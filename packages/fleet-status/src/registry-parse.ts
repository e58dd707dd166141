import { basename } from "node:path";
import { isMap, LineCounter, parseDocument } from "yaml";
import { ToolError } from "@wizard-council/kit";
import { DEFAULT_SLOW_MS, DEFAULT_TIMEOUT_MS, type Member, type ProbeSpec, type RegistryDefaults } from "./registry.ts";
import { describe, YamlWalker } from "./yaml-walker.ts";

const TOP_KEYS = ["defaults", "wizards", "services"] as const;
const DEFAULT_KEYS = ["timeout_ms", "slow_ms"] as const;
const WIZARD_KEYS = ["name", "host", "role", "gateway", "webhook", "ssh"] as const;
const SERVICE_KEYS = ["name", "kind", "url", "host", "role"] as const;
const SERVICE_KINDS = ["http", "gitea"] as const;
// Names become finding ids and `--only a,b` values, so no commas, spaces or colons.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// A leading "-" would make ssh read the target as an option (`-oProxyCommand=...` runs a local command).
const SSH_TARGET = /^(?!-)[^\s\x00-\x1f\x7f]{1,255}$/;

/** Parses registry text as data (no tags evaluated) and validates it; a problem throws INVALID_REGISTRY naming the line. */
export function parseRegistry(text: string, file: string): { defaults: RegistryDefaults; members: Member[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const reason = syntax.code === "MULTIPLE_DOCS" ? "the registry must be one YAML document (found a second ---)" : safeReason(syntax.message);
    throw new ToolError("INVALID_REGISTRY", `${basename(file)}:${lines.linePos(syntax.pos[0]).line}: invalid YAML: ${reason}`, { path: file });
  }
  const w = new YamlWalker(doc, lines);
  if (!isMap(doc.contents)) {
    const found = describe(w.deref(doc.contents));
    throw new ToolError("INVALID_REGISTRY", `${basename(file)}:${w.lineOf(doc.contents)}: expected a mapping with wizards and/or services, got ${found}`, { path: file });
  }
  const top = w.mapping(doc.contents, "", TOP_KEYS);
  const defaults = { timeoutMs: DEFAULT_TIMEOUT_MS, slowMs: DEFAULT_SLOW_MS };
  const members: Member[] = [];
  if (top) {
    if (top.has("defaults")) readDefaults(w, top.get("defaults")!, defaults);
    w.list(top.get("wizards"), "wizards").forEach((item, i) => pushMember(members, readWizard(w, item, `wizards[${i}]`)));
    w.list(top.get("services"), "services").forEach((item, i) => pushMember(members, readService(w, item, `services[${i}]`)));
    if (w.problemCount === 0 && members.length === 0) w.report(doc.contents, "", "the registry lists no wizards and no services");
  }
  if (w.problemCount > 0) throw new ToolError("INVALID_REGISTRY", w.summary(file), { path: file });
  return { defaults, members };
}

/**
 * The parser's message without what it quotes from the file: some messages end with the
 * offending source ("Block scalar header includes extra characters: |http://user:pass@h"),
 * and that may be a URL with credentials.
 */
function safeReason(message: string): string {
  const clause = message.split(/ at line |:\s*\n/)[0]!;
  return clause.replace(/\S*(?:@|:\/\/)\S*/g, "<redacted>").slice(0, 120);
}

function pushMember(members: Member[], member: Member | undefined): void {
  if (member) members.push(member);
}

function readDefaults(w: YamlWalker, node: unknown, into: RegistryDefaults): void {
  const map = w.mapping(node, "defaults", DEFAULT_KEYS);
  if (!map) return;
  if (map.has("timeout_ms")) into.timeoutMs = w.integer(map.get("timeout_ms"), "defaults.timeout_ms", 1, 600_000) ?? into.timeoutMs;
  if (map.has("slow_ms")) into.slowMs = w.integer(map.get("slow_ms"), "defaults.slow_ms", 1, 600_000) ?? into.slowMs;
}

function readWizard(w: YamlWalker, node: unknown, field: string): Member | undefined {
  const before = w.problemCount;
  const map = w.mapping(node, field, WIZARD_KEYS, ["name"]);
  if (!map) return undefined;
  const name = readName(w, map.get("name"), field);
  const probes: ProbeSpec[] = [];
  for (const probe of ["gateway", "webhook"] as const) {
    if (!map.has(probe)) continue;
    const sub = w.mapping(map.get(probe), `${field}.${probe}`, ["url"], ["url"]);
    const url = sub?.has("url") ? readUrl(w, sub.get("url"), `${field}.${probe}.url`) : undefined;
    if (url) probes.push({ probe, kind: "http", url });
  }
  if (map.has("ssh")) {
    const sub = w.mapping(map.get("ssh"), `${field}.ssh`, ["target", "command"], ["target", "command"]);
    const target = sub?.has("target") ? readPattern(w, sub.get("target"), `${field}.ssh.target`, SSH_TARGET, "an ssh destination such as root@10.0.0.5 (not starting with -)") : undefined;
    const command = sub?.has("command") ? readCommand(w, sub.get("command"), `${field}.ssh.command`) : undefined;
    if (target && command) probes.push({ probe: "ssh", kind: "ssh", target, command });
  }
  const host = map.has("host") ? readText(w, map.get("host"), `${field}.host`) : undefined;
  const role = map.has("role") ? readText(w, map.get("role"), `${field}.role`) : undefined;
  if (w.problemCount > before || name === undefined) return undefined;
  return { kind: "wizard", name, host: host ?? hostOf(probes), ...(role ? { role } : {}), probes, line: w.lineOf(node) };
}

function readService(w: YamlWalker, node: unknown, field: string): Member | undefined {
  const before = w.problemCount;
  const map = w.mapping(node, field, SERVICE_KEYS, ["name", "url"]);
  if (!map) return undefined;
  const name = readName(w, map.get("name"), field);
  const kindText = map.has("kind") ? w.string(map.get("kind"), `${field}.kind`) : "http";
  const kind = SERVICE_KINDS.find((k) => k === kindText);
  if (kindText !== undefined && !kind) w.report(map.get("kind"), `${field}.kind`, `expected one of: ${SERVICE_KINDS.join(", ")}`);
  const url = map.has("url") ? readUrl(w, map.get("url"), `${field}.url`) : undefined;
  const host = map.has("host") ? readText(w, map.get("host"), `${field}.host`) : undefined;
  const role = map.has("role") ? readText(w, map.get("role"), `${field}.role`) : undefined;
  if (w.problemCount > before || name === undefined || !kind || !url) return undefined;
  const probes: ProbeSpec[] = [kind === "gitea" ? { probe: "gitea", kind, url } : { probe: "http", kind, url }];
  return { kind: "service", name, host: host ?? hostOf(probes), ...(role ? { role } : {}), probes, line: w.lineOf(node) };
}

function readName(w: YamlWalker, node: unknown, field: string): string | undefined {
  if (node === undefined) return undefined;
  return readPattern(w, node, `${field}.name`, NAME, `a name of letters, digits, ".", "_" or "-" (at most 64)`);
}

function readPattern(w: YamlWalker, node: unknown, field: string, pattern: RegExp, expected: string): string | undefined {
  const value = w.string(node, field);
  if (value === undefined) return undefined;
  if (pattern.test(value)) return value;
  w.report(node, field, `expected ${expected}`);
  return undefined;
}

function readText(w: YamlWalker, node: unknown, field: string): string | undefined {
  return readPattern(w, node, field, /^[^\x00-\x1f\x7f]{1,200}$/, "one line of text (at most 200 characters)");
}

function readCommand(w: YamlWalker, node: unknown, field: string): string | undefined {
  // Newlines are fine for the remote shell; NUL cannot be passed as an argument at all.
  return readPattern(w, node, field, /^[^\x00]{1,4096}$/, "a non-empty command (at most 4096 characters)");
}

function readUrl(w: YamlWalker, node: unknown, field: string): string | undefined {
  const value = w.string(node, field);
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "") {
    if (decodes(url.username) && decodes(url.password)) return value;
    // The kit's httpRequest decodes userinfo for Basic auth and would throw mid-run.
    w.report(node, field, "expected an http(s) URL whose user and password are validly %-encoded");
    return undefined;
  }
  const scheme = url && /^[a-z][a-z0-9+.-]{0,15}:$/.test(url.protocol) ? `, got a ${url.protocol} URL` : "";
  w.report(node, field, `expected an http(s) URL${scheme}`);
  return undefined;
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** The host a member lives on when the registry does not say: the first URL's host, else the ssh target's. */
function hostOf(probes: readonly ProbeSpec[]): string {
  const first = probes[0];
  if (!first) return "-";
  if (first.kind === "ssh") return first.target.replace(/^.*@/, "");
  return new URL(first.url).hostname;
}
