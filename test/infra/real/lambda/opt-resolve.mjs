import path from "node:path";
import { pathToFileURL } from "node:url";

let opt = "";
export function initialize(data) {
  opt = data?.opt ?? "";
}

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const bare = !specifier.startsWith(".") && !specifier.startsWith("/") && !specifier.includes(":");
    if (!bare || !opt || error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
    // as from a file inside /opt/nodejs: node_modules there is searched like a sibling's
    return next(specifier, { ...context, parentURL: pathToFileURL(path.join(opt, "nodejs", "index.mjs")).href });
  }
}
