/**
 * Writes docs/architecture.svg from the catalogue (packages/topology/src/diagram): the README's image
 * and the admin panel's architecture page. `npm run architecture` after changing the catalogue; a test
 * fails while the committed drawing is stale.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { architectureSvg } from "@shop/topology/diagram/svg";

const out = resolve(import.meta.dirname, "../docs/architecture.svg");
writeFileSync(out, await architectureSvg());
console.log(`architecture drawn: ${out}`);
