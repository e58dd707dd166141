import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { defineConfig } from "tsup";
import { base } from "../../tsup.base.ts";

// The bundled contract.yaml is inlined as text (`import text from "../contract.yaml?raw"`), so the
// built tool carries its default contract without a runtime file lookup or a "files" entry.
export default defineConfig({
  ...base,
  esbuildPlugins: [
    {
      name: "raw-text",
      setup(build) {
        build.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -4)), namespace: "raw-text" }));
        build.onLoad({ filter: /.*/, namespace: "raw-text" }, async (args) => ({ contents: await readFile(args.path, "utf8"), loader: "text" }));
      },
    },
  ],
});
