import { defineConfig } from "tsup";
import { base } from "../../tsup.base.ts";

// One file instead of a chunk per command: agent loops start this tool many times a minute, and
// each extra ESM module costs a resolve+load+link (measured ≈3 ms of ≈48 ms per `status`). The
// commands stay lazy: esbuild turns their import() into deferred init functions in the one file.
export default defineConfig({ ...base, splitting: false });
