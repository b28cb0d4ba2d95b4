/**
 * `npm run screenshots`: the README's pictures of the admin panel at 1280 px (docs/panel-*.png): the
 * dashboard, a demo order's journey and the architecture with that order lit up. Starts its own shop
 * on an in-memory DynamoDB Local, drives headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 * Not part of `npm test`: pictures are for people, the browser tests assert the same screens.
 */
import "@shop/local/env-defaults";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { freePort, startDynamoLocal, startRuntime } from "@shop/local";
import { panelAsAdmin } from "./panel-browser";

const root = resolve(import.meta.dirname, "..");
const out = (name: string) => resolve(root, "docs", `panel-${name}.png`);

async function main() {
  execFileSync("npm", ["run", "build", "-w", "@shop/web", "--silent"], { cwd: root, stdio: "inherit" });
  process.env.PSP_DELAY_MS ??= "200";
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const runtime = await startRuntime({ port: 0, dynamoEndpoint: dynamo.endpoint, tableName: "screenshots" });
  const { browser, page } = await panelAsAdmin(runtime.url);
  try {
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.getByRole("button", { name: "Place a demo order" }).click();
    await page.getByRole("heading", { name: "Journey" }).waitFor();
    // the order is paid and its customer told: the last hop of its journey
    await page
      .locator('svg.sequence [data-to="send-notification"]')
      .nth(1)
      .waitFor({ state: "attached", timeout: 60_000 });
    await page.waitForTimeout(1500);
    await page.screenshot({ path: out("journey"), fullPage: false });
    await page.getByRole("link", { name: "On the architecture" }).click();
    await page.locator(".architecture .lit").first().waitFor({ timeout: 30_000 });
    // the whole order's path at half size, on a wider screen (the page zooms and pans at any width)
    await page.setViewportSize({ width: 1800, height: 900 });
    await page.getByRole("button", { name: "Zoom out" }).click();
    await page.getByRole("button", { name: "Zoom out" }).click();
    await page.screenshot({ path: out("architecture"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${runtime.url}/#/dashboard`);
    await page.locator("#orders-today").waitFor();
    await page.screenshot({ path: out("dashboard"), fullPage: true });
    console.log(`screenshots written: docs/panel-{dashboard,journey,architecture}.png`);
  } finally {
    await browser.close();
    await runtime.stop();
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
