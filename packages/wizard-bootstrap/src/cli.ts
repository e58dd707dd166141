#!/usr/bin/env node
import { runTool } from "@wizard-council/kit";
import pkg from "../package.json" with { type: "json" };
import doctor from "./commands/doctor.ts";

await runTool({ name: "wizard-bootstrap", version: pkg.version, main: doctor });
