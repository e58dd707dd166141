import { defineConfig } from "vitest/config";
import { shared } from "../vitest.shared.ts";

// This package's tests live at its root, not under test/ (mergeConfig would concatenate `include`).
export default defineConfig({ test: { ...shared.test, include: ["*.test.ts"] } });
