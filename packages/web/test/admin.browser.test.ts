import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { Order, Shop } from "@shop/core";
import type { Runtime } from "@shop/local";
import { seedAccounts } from "@shop/local";
import { drawingClashes, overflowingCards } from "@shop/testkit/browser";
import { customer, placeOrder, product, startShop, waitFor } from "@shop/testkit/e2e";
import { asSystem } from "@shop/testkit/fixtures";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The admin panel in real headless Chromium (Debian's /usr/bin/chromium), served by the local runtime
 * exactly as `npm start` serves it. Screenshots of every screen go to test-results/screenshots/.
 */
const repoRoot = resolve(import.meta.dirname, "../../..");
const shots = join(repoRoot, "test-results", "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let runtime: Runtime;
let browser: Browser;
let page: Page;

/** A screenshot at 1280 and at 390 px, and at each width no card overflows. */
async function shoot(name: string) {
  await page.screenshot({ path: join(shots, `${name}-1280.png`), fullPage: true });
  expect(await overflowingCards(page), `${name} at 1280 px`).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, `${name}-390.png`), fullPage: true });
  expect(await overflowingCards(page), `${name} at 390 px`).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** expect.poll waits 1 s by default: a loaded 2-core machine can take longer to re-render a screen */
const POLL = { timeout: 20_000 };

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
  mkdirSync(shots, { recursive: true });
  // a panel of its own: the real-component run builds packages/web/dist as a deploy does (emptying
  // it first), and may do so while this file runs
  execFileSync("npm", ["run", "build", "-w", "@shop/web", "--silent", "--", "--outDir", "dist-test"], {
    cwd: repoRoot,
    stdio: "ignore",
  });
  // a visibility timeout of 3 s (60 s scaled): longer than a cold update-order-status on a slow 2-core
  // machine, so a payment update is not received again while its first receive still runs (AWS's own
  // rule, visibility ≥ the function's timeout, is what the default scale of the e2e tests bends)
  runtime = await startShop({ PSP_DELAY_MS: "100", LOCAL_TIME_SCALE: "0.05" }, true, {
    panelDir: resolve(repoRoot, "packages", "web", "dist-test"),
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

async function logIn(email: string, password: string) {
  await page.goto(`${runtime.url}/#/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

describe("admin panel in headless Chromium", () => {
  it("refuses customers politely and lets an admin in", async () => {
    const { admin, customer: shopper } = seedAccounts();
    await logIn(shopper.email, shopper.password);
    await expect.poll(() => page.getByRole("alert").textContent(), POLL).toContain("This panel is for shop staff");
    await shoot("login");
    await logIn(admin.email, admin.password);
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.locator("#orders-today").waitFor();
    await shoot("dashboard");
  });

  it("charts 14 days of revenue and orders, zero days included, with each day's values on hover", async () => {
    const plot = page.locator("#revenue .uplot");
    await plot.waitFor();
    // the x axis names the days (MM-DD), and the legend names both series
    const legend = page.locator("#revenue .u-legend");
    await expect.poll(() => legend.textContent(), POLL).toMatch(/Revenue.*Orders/s);
    await plot.scrollIntoViewIfNeeded();
    const box = await page.locator("#revenue .u-over").boundingBox();
    if (!box) throw new Error("no plot area");
    // hover the first day (13 days ago, no orders: a zero day) and the last (today)
    const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await expect.poll(() => legend.textContent(), POLL).toContain(day(13));
    expect(await legend.textContent()).toContain("$0.00");
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    await expect.poll(() => legend.textContent(), POLL).toContain(day(0));
  });

  it("creates a product, showing the server's validation errors next to the fields", async () => {
    await page.goto(`${runtime.url}/#/products`);
    await page.getByRole("button", { name: "New product" }).click();
    await page.getByLabel("Name").fill("Browser-made lamp");
    // a number left empty is caught before the request (the typed client sends only complete bodies)
    await page.getByRole("button", { name: "Create product" }).click();
    expect(await page.locator("#price-error").textContent()).toBe("Required");
    expect(await page.locator("#stock-error").textContent()).toBe("Required");
    await page.getByLabel("Price (USD)").fill("-5");
    await page.getByLabel("Stock").fill("7");
    await page.getByRole("button", { name: "Create product" }).click();
    await expect.poll(() => page.locator("#price-error").textContent(), POLL).not.toBe("");
    await shoot("product-errors");
    await page.getByLabel("Price (USD)").fill("39.90");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("cell", { name: /Browser-made lamp/ }).waitFor();
    const stored = (await Shop().entities.product.query.byStatus({ status: "ACTIVE" }).go({ pages: "all" })).data.find(
      (p) => p.name === "Browser-made lamp",
    );
    expect(stored).toMatchObject({ price: 3990, stock: 7 });
    await shoot("products");
  });

  it("places a demo order and shows it reach PAID with every pattern in its journey", { timeout: 90_000 }, async () => {
    const requests: string[] = [];
    const record = (request: { url(): string }) => requests.push(new URL(request.url()).pathname);
    page.on("request", record);
    await page.goto(`${runtime.url}/#/dashboard`);
    await page.getByRole("button", { name: "Place a demo order" }).click();
    await page.getByRole("heading", { name: "Journey" }).waitFor();
    const orderId = (await page.locator("code").first().textContent()) ?? "";
    // every pattern an order travels (P9, the nightly report, is the schedule's, not an order's)
    for (const pattern of ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"]) {
      await page.locator(`.patterns li.seen[data-pattern="${pattern}"]`).waitFor({ timeout: 30_000 });
    }
    // the payment result's consumer pays the order after its message arrived (the P6 hop): wait for it
    await expect.poll(async () => (await Order.require(orderId)).status, { timeout: 30_000 }).toBe("PAID");
    // the notification of the payment is the journey's last hop: wait for it before reading the picture
    await page
      .locator('svg.sequence [data-to="send-notification"]')
      .nth(1)
      .waitFor({ state: "attached", timeout: 30_000 });
    // every lane visible at 1280 px: its name inside the viewport, none cut off past the right edge
    const lanes = page.locator("svg.sequence g.lane");
    const laneCount = await lanes.count();
    expect(laneCount).toBeGreaterThanOrEqual(10);
    for (let i = 0; i < laneCount; i++) {
      const box = await lanes.nth(i).locator("text").boundingBox();
      expect(box, await lanes.nth(i).getAttribute("data-lane")).not.toBeNull();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 1280).toBe(true);
    }
    // lanes in the order a request travels: the client and the API first, the table last
    const order = await lanes.evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-lane")));
    expect(order.slice(0, 2)).toEqual(["client", "api"]);
    expect(order.at(-1)).toBe("table");
    // every arrow has its label (what travels and how long), with its arrowhead; notes for cold starts
    const messages = page.locator("svg.sequence g.message");
    const count = await messages.count();
    expect(count).toBeGreaterThan(10);
    for (let i = 0; i < count; i++) {
      const text = (await messages.nth(i).locator("text").textContent()) ?? "";
      expect(text).toMatch(/^P\d \S/);
      expect(await messages.nth(i).locator("line").getAttribute("marker-end")).toBe("url(#seq-arrow)");
    }
    // every arrow runs from its sender's lifeline to its receiver's, where its head is: a stream record
    // from the table to order-events, the demo order's validation invoked by admin-api (a real lane, never
    // one called "invoke")
    const arrows = await messages.evaluateAll((groups) =>
      groups.map((group) => {
        const lifeline = (lane: string | null) =>
          Number(group.ownerSVGElement?.querySelector(`g.lane[data-lane="${lane}"] line`)?.getAttribute("x1"));
        const line = group.querySelector("line");
        return {
          from: group.getAttribute("data-from"),
          to: group.getAttribute("data-to"),
          runs: [Number(line?.getAttribute("x1")), Number(line?.getAttribute("x2"))],
          lanes: [lifeline(group.getAttribute("data-from")), lifeline(group.getAttribute("data-to"))],
        };
      }),
    );
    for (const arrow of arrows) expect(arrow.runs, `${arrow.from} → ${arrow.to}`).toEqual(arrow.lanes);
    expect(arrows).toContainEqual(expect.objectContaining({ from: "table", to: "order-events" }));
    expect(arrows).toContainEqual(expect.objectContaining({ from: "admin-api", to: "validate-order" }));
    expect(order).not.toContain("invoke");
    expect(await page.locator("svg.sequence g.note.p8").count()).toBeGreaterThan(0);
    expect(await page.locator('svg.sequence g.group[data-group="checkout"]').count()).toBe(1);
    // the notation: a call solid, a queue message dashed, an event dotted
    expect(await page.locator("svg.sequence g.message.p1 line").first().getAttribute("stroke-dasharray")).toBeNull();
    expect(await page.locator("svg.sequence g.message.p6 line").first().getAttribute("stroke-dasharray")).toBe("7 4");
    expect(await page.locator("svg.sequence g.message.p4 line").first().getAttribute("stroke-dasharray")).toBe("1.5 4");
    await shoot("journey");
    // the same order on the architecture drawn from the catalogue: its hops light the parts they crossed
    await page.getByRole("link", { name: "On the architecture" }).click();
    await page.getByRole("heading", { name: "Architecture" }).waitFor();
    const lit = (selector: string) => page.locator(`${selector}.lit`).count();
    await expect.poll(() => lit('[data-edge="queue:payment-updates->update-order-status"]'), POLL).toBe(1);
    for (const edge of [
      "client->api",
      "api->admin-api",
      "api->payment-webhook",
      "table->order-events",
      "bus:shop->analytics-writer",
      "topic:notifications->send-notification",
    ]) {
      expect(await lit(`[data-edge="${edge}"]`), edge).toBe(1);
    }
    for (const node of ["table", "checkout", "queue:payment-updates", "topic:notifications", "send-notification"]) {
      expect(await lit(`[data-node="${node}"]`), node).toBe(1);
    }
    // nothing this order never touched: no dead letter, no stream failure
    expect(await lit('[data-node="queue:payment-updates-dlq"]')).toBe(0);
    expect(await lit('[data-node="queue:stream-failures"]')).toBe(0);
    // as Chromium draws it, with its real fonts: every text inside its box, no label over another or a box
    expect(await drawingClashes(page, ".architecture svg")).toEqual([]);
    // wider than the screen: the drawing's own box scrolls and pans (the page does not); Fit shows it
    // whole, + zooms back in
    const picture = page.locator(".architecture");
    const width = () => page.locator(".architecture svg").evaluate((svg) => svg.getBoundingClientRect().width);
    const room = () => picture.evaluate((box) => box.clientWidth);
    expect(await width()).toBeGreaterThan(await room());
    await page.getByRole("button", { name: "Fit" }).click();
    expect(await width()).toBeLessThanOrEqual(await room());
    const fitted = await width();
    await page.getByRole("button", { name: "Zoom in" }).click();
    expect(await width()).toBeGreaterThan(fitted);
    await page.getByRole("button", { name: "100%" }).click();
    const box = await picture.boundingBox();
    await page.mouse.move((box?.x ?? 0) + 300, (box?.y ?? 0) + 200);
    await page.mouse.down();
    await page.mouse.move((box?.x ?? 0) + 100, (box?.y ?? 0) + 200, { steps: 4 });
    await page.mouse.up();
    expect(await picture.evaluate((element) => element.scrollLeft)).toBeGreaterThan(150);
    await shoot("architecture");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Fit" }).click();
    expect(await width()).toBeLessThanOrEqual(await room());
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goBack();
    await page.getByRole("link", { name: "Order details" }).click();
    await page.getByText("PAID").first().waitFor();
    await page.getByRole("heading", { name: "Status timeline" }).waitFor();
    await shoot("order-detail");
    await page.goto(`${runtime.url}/#/orders`);
    await page.getByLabel("Status").selectOption("PAID");
    await page.getByRole("link", { name: orderId }).waitFor();
    await shoot("orders");
    page.off("request", record);
    // the panel used the admin API only, as deployed: no local-only endpoint anywhere in this journey
    expect(requests).toContain("/admin/demo-order");
    expect(requests).toContain(`/admin/journey/${orderId}`);
    // (the dashboard's outbox of the pool's codes reads /_local/codes: shown only where it answers)
    expect(requests.filter((path) => path.startsWith("/_local") && path !== "/_local/codes")).toEqual([]);
  });

  it("redrives a dead-lettered payment update, which then pays its order", async () => {
    const shopper = await customer(runtime);
    const item = await product(2);
    const orderId = await placeOrder(shopper, item.productId, 1);
    await shopper.call("POST", "/payment/process", { orderId, paymentMethod: "tok_noConfirm" });
    const payment = await waitFor("the pending payment", async () => {
      const details = await asSystem(() => Order.get(orderId)).catch(() => undefined);
      return (details?.payments[0] as { chargeId?: string } | undefined)?.chargeId;
    });
    // a payment result that exhausted its receives (its consumer was down), now in the DLQ
    const event = {
      id: "evt_dlq",
      type: "charge.succeeded",
      created: Math.floor(Date.now() / 1000),
      data: { chargeId: payment, orderId, amount: 1000, currency: "USD" },
    };
    runtime.sqs.queue("payment-updates-dlq").send(JSON.stringify(event), { correlationId: orderId });

    const requests: string[] = [];
    const record = (request: { url(): string }) => requests.push(new URL(request.url()).pathname);
    page.on("request", record);
    await page.goto(`${runtime.url}/#/queues`);
    const dlq = page.locator('[data-queue="payment-updates-dlq"]');
    await dlq.getByText("1 message(s)").waitFor();
    await shoot("queues");
    await dlq.getByRole("button", { name: "Redrive to payment-updates" }).click();
    await dlq.getByText("0 message(s)").waitFor();
    await waitFor("the redriven payment to land", async () => (await Order.require(orderId)).status === "PAID");
    page.off("request", record);
    // through the admin API, as deployed: no local-only endpoint
    expect(requests).toContain("/admin/queues");
    expect(requests).toContain("/admin/queues/payment-updates-dlq/redrive");
    // (the dashboard's outbox of the pool's codes reads /_local/codes: shown only where it answers)
    expect(requests.filter((path) => path.startsWith("/_local") && path !== "/_local/codes")).toEqual([]);
  });

  it("serves the API reference page over the OpenAPI document the build wrote", async () => {
    const document = (await fetch(`${runtime.url}/openapi.json`).then((r) => r.json())) as {
      openapi: string;
      paths: Record<string, object>;
    };
    expect(document.openapi).toBe("3.1.0");
    const operations = Object.values(document.paths).reduce((n, path) => n + Object.keys(path).length, 0);
    const loaded = page.waitForResponse((response) => response.url().endsWith("/openapi.json"));
    await page.goto(`${runtime.url}/api-reference.html`);
    expect((await loaded).status()).toBe(200);
    // Swagger UI rendered every operation from it, among them the staff-only product creation
    await page.locator(".opblock").first().waitFor();
    await expect.poll(() => page.locator(".opblock").count(), POLL).toBe(operations);
    await page.locator('.opblock-summary-path[data-path="/products"]').first().waitFor();
    await shoot("api-reference");
  });

  it("renews an expiring session with its refresh token, and signs out with the pool", async () => {
    const { admin } = seedAccounts();
    // a customer signs up in the shop: the code the pool would email shows on the dashboard (locally)
    const email = `browser-${Date.now().toString(36)}@example.com`;
    const registered = await fetch(`${runtime.url}/users/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "a-long-enough-password", name: "Shopper" }),
    });
    expect(registered.status).toBe(201);
    await logIn(admin.email, admin.password);
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    const codes = page.locator("#pool-codes");
    await expect.poll(() => codes.textContent(), POLL).toContain(email);
    expect(await codes.textContent()).toContain(runtime.cognito.latestCode(email) ?? "no code");
    type Stored = { token: string; expiresAt: number; refreshToken?: string };
    const stored = () =>
      page.evaluate(() => JSON.parse(sessionStorage.getItem("shop-admin-session") ?? "null")) as Promise<Stored | null>;
    const signedIn = await stored();
    expect(signedIn?.refreshToken).toBeTruthy();
    const paths: string[] = [];
    const record = (request: { url(): string }) => paths.push(new URL(request.url()).pathname);
    page.on("request", record);
    // the access token about to expire: the next screen renews it before its first request
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem("shop-admin-session") ?? "{}");
      sessionStorage.setItem("shop-admin-session", JSON.stringify({ ...session, expiresAt: Date.now() + 1000 }));
    });
    await page.goto(`${runtime.url}/#/orders`);
    await page.getByRole("heading", { name: "Orders" }).waitFor();
    // renewed: a later expiry (the new token may equal the old one, issued within the same second)
    await expect.poll(async () => (await stored())?.expiresAt ?? 0, POLL).toBeGreaterThan(Date.now() + 60_000);
    expect(paths.filter((path) => path === "/users/refresh")).toHaveLength(1);
    // a token the API refuses (401) is renewed once and the request sent again: the screen still loads
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem("shop-admin-session") ?? "{}");
      sessionStorage.setItem("shop-admin-session", JSON.stringify({ ...session, token: "not-a-token" }));
    });
    await page.goto(`${runtime.url}/#/products`);
    await page.getByRole("button", { name: "New product" }).waitFor();
    await expect.poll(async () => (await stored())?.token, POLL).not.toBe("not-a-token");
    expect(paths.filter((path) => path === "/users/refresh")).toHaveLength(2);
    // signing out ends the refresh token at the pool, not only in this tab
    const { refreshToken } = (await stored()) as Stored;
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("button", { name: "Log in" }).waitFor();
    await expect.poll(() => paths.includes("/users/logout"), POLL).toBe(true);
    expect(await stored()).toBeNull();
    const renewed = await fetch(`${runtime.url}/users/refresh`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken }),
    });
    expect(renewed.status).toBe(401);
    page.off("request", record);
  });
});
