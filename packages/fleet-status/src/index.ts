export { runFleetStatus, selectMembers, DEFAULT_CONCURRENCY, type FleetStatusOptions, type FleetData } from "./fleet.ts";
export { resolveRegistryPath, readRegistry, DEFAULT_TIMEOUT_MS, DEFAULT_SLOW_MS, type Registry, type Member, type ProbeSpec, type RegistryDefaults, type RegistryPathOptions } from "./registry.ts";
export { findDrift, endpointOf } from "./drift.ts";
export { memberState, memberFinding, type MemberState } from "./verdict.ts";
export { probeHttp, probeGitea, giteaVersionUrl } from "./http-probe.ts";
export { probeSsh, sshArgs } from "./ssh-probe.ts";
export { mapWithConcurrency } from "./pool.ts";
export { describeProbe, type ProbeResult, type FailureKind } from "./probe-result.ts";
export { renderSitrep } from "./sitrep.ts";
