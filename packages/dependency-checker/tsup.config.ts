import { defineConfig } from "tsup";
import { base } from "../../tsup.base.ts";

export default defineConfig({
  ...base,
  // yaml's "node" export is CommonJS and calls require("process"); esbuild's ESM output has no
  // require, so give every chunk a real one (otherwise: "Dynamic require of "process" is not supported").
  banner: { js: 'import { createRequire as __dcCreateRequire } from "node:module"; const require = __dcCreateRequire(import.meta.url);' },
});
