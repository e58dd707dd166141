import { ToolError } from "@wizard-council/kit";

/** The OS names frontmatter `platforms` uses. */
export type PlatformName = "linux" | "macos" | "windows";

const FROM_NODE: Partial<Record<NodeJS.Platform, PlatformName>> = { linux: "linux", darwin: "macos", win32: "windows" };

/** `auto` (or nothing) → this OS; `linux|macos|windows` as given; anything else is a usage error naming `--platform`. */
export function resolvePlatform(value: string | undefined, nodePlatform: NodeJS.Platform = process.platform): PlatformName {
  if (value === undefined || value === "" || value === "auto") return FROM_NODE[nodePlatform] ?? "linux";
  if (value === "linux" || value === "macos" || value === "windows") return value;
  throw new ToolError("INVALID_ARGUMENT", `--platform must be auto, linux, macos or windows, got "${value}"`, { path: "--platform" });
}
