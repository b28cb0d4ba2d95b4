/**
 * The API reference page: Swagger UI (bundled from node_modules, no CDN) over /openapi.json, the
 * document the build writes beside the panel. "Try it out" calls the API this panel talks to.
 */
import "swagger-ui-dist/swagger-ui.css";
import { SwaggerUIBundle } from "swagger-ui-dist";
import { baseUrl } from "./session";

const spec = (await fetch("/openapi.json").then((response) => response.json())) as Record<string, unknown>;
SwaggerUIBundle({
  spec: { ...spec, servers: [{ url: baseUrl, description: "this panel's API" }] },
  dom_id: "#reference",
});
