/**
 * Writes what the admin panel's build serves beside it (packages/web/public → /openapi.json and
 * /architecture.svg), deployed by the static site (CloudFront) and locally by the runtime: the API's
 * OpenAPI 3.1 document (packages/functions/src/openapi.ts) and the architecture drawn from the
 * catalogue (packages/topology/src/diagram). Run by the panel's build; never committed there.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { openApiDocument } from "@shop/functions/openapi";
import { architectureSvg } from "@shop/topology/diagram/svg";

const publicDir = resolve(import.meta.dirname, "../packages/web/public");
mkdirSync(publicDir, { recursive: true });
// written whole or not at all: a build running beside this one (the tests build the panel twice at
// once) never copies a half-written file
const write = (name: string, text: string) => {
  const partial = resolve(publicDir, `.${name}.${process.pid}`);
  writeFileSync(partial, text);
  renameSync(partial, resolve(publicDir, name));
};
write("openapi.json", `${JSON.stringify(openApiDocument(), null, 2)}\n`);
write("architecture.svg", await architectureSvg());
console.log(`panel assets written: ${publicDir}/{openapi.json,architecture.svg}`);
