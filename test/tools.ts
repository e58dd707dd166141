import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The seven tools, in the order a user meets them. */
export const TOOLS = ["cycle-guard", "wizard-bootstrap", "skills-audit", "dependency-checker", "monthly-audit", "fleet-status", "observatory-check"] as const;
export type Tool = (typeof TOOLS)[number];

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Absolute path of a tool's built CLI (turbo builds every package before this package's tests). */
export const binOf = (tool: Tool): string => join(ROOT, "packages", tool, "dist", "cli.js");

/** A tool's JSON Schema file. */
export const schemaOf = (tool: Tool): string => join(ROOT, "packages", tool, "schema", "report.schema.json");

/** The repo's bundled skills. */
export const BUNDLED_SKILLS = join(ROOT, "skills");
