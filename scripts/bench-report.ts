/** `npm run bench:report`: docs/benchmark.md's last-run table, written again from bench/results. */
import { resolve } from "node:path";
import { writeReport } from "../bench/report";

writeReport(resolve(import.meta.dirname, ".."));
console.log("docs/benchmark.md: the last run's table written from bench/results");
