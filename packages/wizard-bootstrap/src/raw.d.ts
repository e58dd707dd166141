// `?raw` imports inline a file as a string: vitest (vite) does it natively, tsup via the plugin in tsup.config.ts.
declare module "*?raw" {
  const text: string;
  export default text;
}
