/**
 * Writes the API's OpenAPI 3.1 document (packages/functions/src/openapi.ts) where the admin panel's
 * build picks it up: packages/web/public/openapi.json → served at /openapi.json by the static site
 * (CloudFront) deployed, and by the local runtime. Run by the panel's build; never committed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { openApiDocument } from "../packages/functions/src/openapi";

const out = resolve(import.meta.dirname, "../packages/web/public/openapi.json");
mkdirSync(resolve(out, ".."), { recursive: true });
writeFileSync(out, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`OpenAPI document written: ${out}`);
