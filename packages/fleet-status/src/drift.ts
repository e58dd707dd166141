import type { Finding } from "@wizard-council/kit";
import type { Member } from "./registry.ts";

// A drift message lists a few names; `data.members` holds them all.
const SHOWN = 5;

/**
 * Registry drift as warn findings: two members claiming one host:port, one name used twice,
 * a wizard with nothing to probe. Ids are stable (`drift:port:<host>:<port>`, ...).
 */
export function findDrift(members: readonly Member[]): Finding[] {
  const findings: Finding[] = [];
  const byEndpoint = new Map<string, Set<string>>();
  const byName = new Map<string, Member[]>();
  for (const m of members) {
    for (const p of m.probes) {
      if (p.kind === "ssh") continue; // many wizards on one VPS share an ssh target by design
      const key = endpointOf(p.url);
      const names = byEndpoint.get(key) ?? new Set<string>();
      names.add(m.name);
      byEndpoint.set(key, names);
    }
    const same = byName.get(m.name);
    if (same) same.push(m);
    else byName.set(m.name, [m]);
  }
  for (const [endpoint, names] of byEndpoint) {
    if (names.size < 2) continue;
    const list = [...names];
    findings.push({
      id: `drift:port:${endpoint}`,
      status: "warn",
      title: `${list.length} members claim ${endpoint}`,
      message: `${shortList(list)} all probe ${endpoint}; one gateway or service per port`,
      fix: "give each member its own port in the registry, or remove the stale entry",
      data: { drift: "port", endpoint, members: list },
    });
  }
  for (const [name, same] of byName) {
    if (same.length < 2) continue;
    findings.push({
      id: `drift:duplicate-name:${name}`,
      status: "warn",
      title: `name ${name} is used ${same.length} times`,
      message: `${name} appears at lines ${shortList(same.map((m) => String(m.line)))} of the registry`,
      fix: "give every wizard and service a unique name",
      data: { drift: "duplicate-name", name, lines: same.map((m) => m.line) },
    });
  }
  for (const m of members) {
    if (m.probes.length > 0) continue;
    findings.push({
      id: `drift:no-probe:${m.name}`,
      status: "warn",
      title: `${m.name} has no probe`,
      message: `${m.kind} ${m.name} (line ${m.line}) has no gateway, webhook or ssh entry, so its state is unknown`,
      fix: "add a gateway url (or an ssh command) to the registry entry",
      data: { drift: "no-probe", name: m.name, line: m.line },
    });
  }
  return findings;
}

/** `host:port` of a URL with the scheme's default port filled in, so :80 and no port are one endpoint. */
export function endpointOf(url: string): string {
  const u = new URL(url);
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  return `${u.hostname.toLowerCase()}:${port}`;
}

function shortList(names: readonly string[]): string {
  const shown = names.slice(0, SHOWN).join(", ");
  return names.length > SHOWN ? `${shown} and ${names.length - SHOWN} more` : shown;
}
