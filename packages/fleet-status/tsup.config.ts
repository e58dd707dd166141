import { defineConfig } from "tsup";
import { base } from "../../tsup.base.ts";

export default defineConfig({
  ...base,
  // yaml's Node entry is CommonJS and calls require("process"); bundled into ESM that
  // require does not exist, so each chunk gets one (esbuild's documented workaround).
  banner: { js: 'import { createRequire as __wcCreateRequire } from "node:module"; const require = __wcCreateRequire(import.meta.url);' },
});
