/**
 * `npm run first-visit`: what a newcomer waits for, measured on this checkout as `npm start` runs it:
 * the banner, then (in headless Chromium) log-in → the dashboard's first data, then the first and the
 * second demo order from the click to PAID with its customer told (the journey's last hop). Run it on
 * a fresh clone (`npm install && npm run first-visit`): the first figures are the cold ones.
 * Not a test: the numbers depend on the machine. CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "@shop/local";
import { panelAsAdmin } from "./panel-browser";

const root = resolve(import.meta.dirname, "..");
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

async function main() {
  const port = await freePort();
  const started = Date.now();
  const shop = spawn("npm", ["start", "--silent"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), "first-visit-")) },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const banner = await new Promise<number>((ready, failed) => {
    let seen = "";
    shop.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("serverless-ecommerce is running")) ready(Date.now());
    });
    shop.once("exit", (code) => failed(new Error(`npm start ended (${code}) before its banner`)));
  });
  console.log(`npm start → banner: ${seconds(started)} s`);
  const { browser, page } = await panelAsAdmin(`http://localhost:${port}`);
  try {
    await page.locator("#orders-today").waitFor({ timeout: 120_000 });
    console.log(`banner → dashboard data (page, log-in, report): ${seconds(banner)} s`);
    for (const which of ["first", "second"]) {
      let clicked = 0;
      // the shop admits one demo order per staff member per Admin.DEMO_ORDER_INTERVAL_SECONDS: a click
      // it refuses says when to try again
      for (;;) {
        await page.goto(`http://localhost:${port}/#/dashboard`);
        await page.locator("#orders-today").waitFor({ timeout: 60_000 });
        clicked = Date.now();
        // its label says "Failed: …" after a refusal, until it is clicked again
        const button = page.locator("button.primary");
        await button.click();
        await page.waitForFunction(() => /journey|Failed/.test(location.hash + document.body.innerText), null, {
          timeout: 60_000,
        });
        const refused = /try again in (\d+) s/.exec((await page.locator("button.primary").allTextContents()).join());
        if (!refused) break;
        await new Promise((resolve) => setTimeout(resolve, (Number(refused[1]) + 0.5) * 1000));
      }
      // paid, and its customer told of it: the second notification of its journey
      await page
        .locator('svg.sequence [data-to="send-notification"]')
        .nth(1)
        .waitFor({ state: "attached", timeout: 180_000 });
      console.log(`${which} demo order, click → PAID and told: ${seconds(clicked)} s`);
    }
  } finally {
    await browser.close();
    if (shop.pid) process.kill(-shop.pid, "SIGINT");
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
