export { runBootstrap, listChecks, DEFAULT_TIMEOUT_MS, DEFAULT_DEADLINE_MS, type BootstrapOptions, type BootstrapData, type CheckList } from "./bootstrap.ts";
export { loadContract, resolveContractPath, CONTRACT_ENV, type EnvironmentContract, type RuntimeSpec, type BinarySpec } from "./contract.ts";
export type { CheckInfo, FixRecord } from "./check.ts";
export { renderBootstrap, renderCheckList } from "./view.ts";
