import type { Finding } from "@wizard-council/kit";
import { describeProbe, type FailureKind, type ProbeResult } from "./probe-result.ts";
import type { Member } from "./registry.ts";

/** A member's state in the SITREP. UNPROBED: the registry gives it nothing to probe. */
export type MemberState = "UP" | "DEGRADED" | "DOWN" | "UNPROBED";

const STATUS_OF = { UP: "ok", DEGRADED: "warn", DOWN: "fail", UNPROBED: "skip" } as const;

/** UP when every probe is up and fast, DOWN when none is up, DEGRADED in between (some down, or slow). */
export function memberState(results: readonly ProbeResult[]): MemberState {
  if (results.length === 0) return "UNPROBED";
  const up = results.filter((r) => r.up);
  if (up.length === 0) return "DOWN";
  if (up.length < results.length || up.some((r) => r.slow)) return "DEGRADED";
  return "UP";
}

/** The finding for one member, with every probe's result and latency as evidence in `data`. */
export function memberFinding(member: Member, id: string, results: ProbeResult[]): Finding {
  const state = memberState(results);
  const firstDown = results.find((r) => !r.up);
  const fix = firstDown?.failure ? fixFor(firstDown.failure, firstDown.target) : results.some((r) => r.slow) ? "answers are slow: check the host's load and network" : undefined;
  return {
    id,
    status: STATUS_OF[state],
    title: `${member.name} ${state}`,
    message: results.length > 0 ? results.map(describeProbe).join("; ") : "no gateway, webhook or ssh probe configured",
    ...(fix && state !== "UP" ? { fix } : {}),
    data: { kind: member.kind, name: member.name, host: member.host, ...(member.role ? { role: member.role } : {}), state, probes: results },
  };
}

function fixFor(kind: FailureKind, target: string): string {
  switch (kind) {
    case "refused": return `nothing listens at ${target}: start the service, or fix the port in the registry`;
    case "timeout": return `${target} did not answer in time: check that the process is not hung and that no firewall drops the traffic`;
    case "dns": return `the host name of ${target} does not resolve: fix the registry or DNS`;
    case "tls": return `the TLS handshake with ${target} failed: check the certificate and the URL's scheme`;
    case "http": return `${target} answers with an error status: check the service's logs`;
    case "not_gitea": return `${target} is not a Gitea API: check the service's url in the registry`;
    case "ssh": return `ssh could not run the command: check the key, known_hosts (host keys are verified) and that the host is up`;
    case "exit": return "the remote command failed: run it on the host to see why";
    case "no_ssh": return "install the OpenSSH client (ssh) or remove the ssh probe from the registry";
    default: return `${target} could not be reached: check the host and the network`;
  }
}
