import type { HttpApi } from "./api";

/** The admin panel: packages/web built with the deployed API's URL, served from S3 + CloudFront. */
export function adminPanel(api: HttpApi) {
  return new sst.aws.StaticSite("Admin", {
    path: "packages/web",
    build: { command: "npm run build", output: "dist" },
    environment: { VITE_API_URL: api.url },
  });
}
