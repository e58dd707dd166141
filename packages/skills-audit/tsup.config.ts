import { defineConfig } from "tsup";
import { base } from "../../tsup.base.ts";

// yaml (bundled through skill-md) is CommonJS and calls require("process"); an ESM bundle has no
// `require`, so esbuild's shim throws "Dynamic require of process is not supported" at run time.
// Give each chunk a real one. (Belongs in tsup.base.ts for every tool; see the final report.)
export default defineConfig({
  ...base,
  banner: { js: 'import { createRequire as __wcCreateRequire } from "node:module"; const require = __wcCreateRequire(import.meta.url);' },
});
