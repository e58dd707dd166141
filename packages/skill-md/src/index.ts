export * from "./discover.ts";
export * from "./frontmatter.ts";
export * from "./requirements.ts";
export * from "./fingerprint.ts";
export * from "./fingerprint-feed.ts";
export * from "./stat-stamp.ts";
export * from "./yaml-subset.ts";
