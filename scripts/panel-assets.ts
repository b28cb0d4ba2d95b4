/**
 * Writes what the admin panel's build serves beside it (packages/web/public → /openapi.json and
 * /architecture.svg), deployed by the static site (CloudFront) and locally by the runtime: the API's
 * OpenAPI 3.1 document (packages/functions/src/openapi.ts) and the architecture drawn from the
 * catalogue (packages/topology/src/diagram). Run by the panel's build; never committed there.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { openApiDocument } from "@shop/functions/openapi";
import { architectureSvg } from "@shop/topology/diagram/svg";

const publicDir = resolve(import.meta.dirname, "../packages/web/public");
mkdirSync(publicDir, { recursive: true });
writeFileSync(resolve(publicDir, "openapi.json"), `${JSON.stringify(openApiDocument(), null, 2)}\n`);
writeFileSync(resolve(publicDir, "architecture.svg"), architectureSvg());
console.log(`panel assets written: ${publicDir}/{openapi.json,architecture.svg}`);
