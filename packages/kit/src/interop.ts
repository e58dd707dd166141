/**
 * The namespace of a lazily imported CommonJS package (yaml, semver). Bundled by esbuild, a
 * dynamic `import()` of CommonJS puts the API on `default`; unbundled (vitest) it is on the
 * namespace itself. Without this, `const { parse } = await import("yaml")` works in tests and
 * is undefined in the built tool.
 */
export function interopDefault<T>(namespace: T): T {
  return ((namespace as { default?: T }).default ?? namespace) as T;
}
