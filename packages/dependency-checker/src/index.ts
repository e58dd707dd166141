export { checkDependencies, checkDependenciesAsJson, type CheckDependenciesOptions, type DependencyReportData } from "./dependencies.ts";
export { resolveSkillsDirs, type SkillsDir } from "./skills-dirs.ts";
export { createPathLookup, type PathLookup } from "@wizard-council/kit";
export { createVersionProber, type VersionProber, type VersionResult } from "./version-probe.ts";
export { resolvePlatform, type PlatformName } from "./platform.ts";
export type { RequirementResult } from "./requirement-check.ts";
export type { SkillOutcome, FieldProblem } from "./skill-finding.ts";
