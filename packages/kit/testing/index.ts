/**
 * Test helpers shared by every package's tests (never bundled into a tool):
 * temp dirs, loopback servers, spawning built bins, schema validation.
 */
export * from "./testdir.ts";
export * from "./servers.ts";
export * from "./spawn.ts";
export * from "./schema.ts";
