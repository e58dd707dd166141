export { auditSkills, type AuditData, type AuditOptions, type SkillFindingData } from "./audit.ts";
export { bundledSkillsDir } from "./locations.ts";
export { formatManifest, parseManifest, readManifest, MANIFEST_NAME, type Manifest } from "./manifest.ts";
export { classifySkill, STATE_STATUS, type SkillState } from "./verdict.ts";
export type { FixAction, FixKind } from "./fix.ts";
