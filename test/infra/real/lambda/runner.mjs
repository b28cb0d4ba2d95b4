// One cold start: import the function's bundle as Lambda does (its handler file, its exported name),
// then invoke it once per event given on stdin; print each outcome as JSON.

import path from "node:path";
import { pathToFileURL } from "node:url";

const [bundleDir, handler] = process.argv.slice(2);
const file = handler.slice(0, handler.lastIndexOf("."));
const exported = handler.slice(handler.lastIndexOf(".") + 1);
let input = "";
for await (const chunk of process.stdin) input += chunk;
const events = JSON.parse(input);
const outcomes = [];
let module;
try {
  module = await import(pathToFileURL(path.join(bundleDir, `${file}.mjs`)).href);
} catch (error) {
  console.log(JSON.stringify({ importError: `${error.name}: ${error.message}` }));
  process.exit(0);
}
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  awsRequestId: "cold-start",
  getRemainingTimeInMillis: () => 10_000,
  callbackWaitsForEmptyEventLoop: true,
};
for (const event of events) {
  try {
    outcomes.push({ result: (await module[exported](event, context)) ?? null });
  } catch (error) {
    outcomes.push({ error: { name: error.name, message: error.message } });
  }
}
console.log(JSON.stringify({ outcomes }));
process.exit(0);
