import { seedAccounts } from "@shop/local";
import { type Browser, chromium, type Page } from "playwright-core";

/**
 * Headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium) on the admin panel at `url`, logged in
 * as the seeded admin: where the scripts that look at the panel (screenshots, first-visit) begin.
 *
 * @example
 * const { browser, page } = await panelAsAdmin("http://localhost:3000");
 */
export async function panelAsAdmin(url: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const { admin } = seedAccounts();
  await page.goto(`${url}/#/login`);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Log in" }).click();
  return { browser, page };
}
