// Lambda's Node.js runtime resolves packages a function does not bundle from its layers, mounted at
// /opt/nodejs/node_modules. This registers a resolve hook that does the same with LAMBDA_OPT (the test's /opt).
import { register } from "node:module";

register("./opt-resolve.mjs", import.meta.url, { data: { opt: process.env.LAMBDA_OPT } });
