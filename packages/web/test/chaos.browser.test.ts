import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Restartable, seedAccounts } from "@shop/local";
import { overflowingCards } from "@shop/testkit/browser";
import { startRestartableShop } from "@shop/testkit/e2e";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The panel's Chaos page in headless Chromium, on a runtime chaos mode may crash and restart: rates
 * set in the page, the demo orders started there, the faults and the invariants shown live.
 */
const repoRoot = resolve(import.meta.dirname, "../../..");
const shots = join(repoRoot, "test-results", "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const POLL = { timeout: 240_000, intervals: [500] };
const dataDir = mkdtempSync(join(tmpdir(), "chaos-panel-"));

let shop: Restartable;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
  mkdirSync(shots, { recursive: true });
  // a panel of its own (the other browser file and the real-component run build theirs)
  execFileSync("npm", ["run", "build", "-w", "@shop/web", "--silent", "--", "--outDir", "dist-chaos"], {
    cwd: repoRoot,
    stdio: "ignore",
  });
  shop = await startRestartableShop({ PSP_DELAY_MS: "100", LOCAL_TIME_SCALE: "0.05" }, true, {
    dataDir,
    panelDir: resolve(repoRoot, "packages", "web", "dist-chaos"),
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await shop?.current().chaos.chaos.settled();
  await shop?.current().stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the Chaos page", () => {
  it("sets rates, runs demo orders through the faults, and shows each fault, what followed, and the invariants", async () => {
    const { admin } = seedAccounts();
    const url = shop.current().url;
    await page.goto(`${url}/#/login`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("link", { name: "Chaos" }).click();

    // first errors and a slow provider while the orders flow, then crashes too (rates change mid-run)
    await page.getByLabel("error rate in percent").fill("10");
    await page.getByLabel("slow-provider rate in percent").fill("50");
    await page.getByRole("button", { name: "Start demo orders" }).click();
    await expect
      .poll(() => shop.current().chaos.chaos.settings(), POLL)
      .toMatchObject({ error: 0.1, "slow-provider": 0.5, crash: 0 });

    const count = (kind: string) =>
      page
        .locator(`[data-injected="${kind}"]`)
        .textContent()
        .then((text) => Number(text?.split(" ").pop()));
    await expect.poll(() => count("error"), POLL).toBeGreaterThan(0);
    await expect.poll(() => count("slow-provider"), POLL).toBeGreaterThan(0);
    await page.getByLabel("crash rate in percent").fill("30");
    await page.getByRole("button", { name: "Apply rates" }).click();
    await expect.poll(() => shop.current().chaos.chaos.rateOf("crash"), POLL).toBe(0.3);
    // the runtime crashed and came back: the page carries on against the new one
    await expect.poll(() => count("crash"), { ...POLL, timeout: 400_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator(".faults tbody tr").count(), POLL).toBeGreaterThan(0);
    // an injected error, and what followed it in its order's journey, linked to the journey
    const errorRow = page.locator(".faults tbody tr", { hasText: "error in" }).first();
    await expect.poll(() => errorRow.locator("a").getAttribute("href"), POLL).toMatch(/^#\/journey\//);
    expect(await page.locator('[data-holds="false"]').allTextContents()).toEqual([]);
    await page.screenshot({ path: join(shots, "chaos-1280.png"), fullPage: true });
    expect(await overflowingCards(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflowingCards(page)).toEqual([]);
    await page.screenshot({ path: join(shots, "chaos-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole("button", { name: "Stop demo orders" }).click();
    // the click is sent again while a crash has the runtime down; the flow ends after its current order
    await expect
      .poll(() => page.getByRole("status").textContent(), { ...POLL, timeout: 180_000 })
      .toContain("Demo orders stopped");
    expect(await page.locator('[data-holds="false"]').allTextContents()).toEqual([]);
  }, 600_000);

  it("says chaos mode is local only where the API has no /_local (as deployed on AWS)", async () => {
    await page.route("**/_local/chaos", (route) =>
      route.fulfill({ status: 404, contentType: "application/json", body: '{"message":"Not Found"}' }),
    );
    await page.goto(`${shop.current().url}/#/dashboard`);
    await page.getByRole("link", { name: "Chaos" }).click();
    await expect.poll(() => page.getByRole("alert").textContent(), POLL).toContain("Fault Injection Service");
    await page.unroute("**/_local/chaos");
  });
});
