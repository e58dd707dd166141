#!/usr/bin/env node
import { runTool } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import status from "./commands/status.ts";

await runTool({ name: "fleet-status", version: pkg.version, main: status });
