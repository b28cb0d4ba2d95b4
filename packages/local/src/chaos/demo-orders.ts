import { seedAccounts } from "../accounts";
import { requestApi } from "../demo-order";
import { sleep } from "../emulators/clock";
import type { Chaos } from "./chaos";
import type { AccountedProduct } from "./invariants";

/** The test cards chaos mode's customer pays with, weighted (see core's payment/provider.ts). */
const CARDS = [
  ...Array<string>(6).fill("tok_visa"),
  "tok_delayed",
  "tok_delayed",
  "tok_chargeDeclined",
  "tok_noConfirm",
];
/** Cards whose charge the provider takes, sooner or later. */
export const TAKES_MONEY: ReadonlySet<string> = new Set(["tok_visa", "tok_delayed"]);
const STOCK = 500;
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)] as T;

type Answer = { status: number; json: Record<string, unknown>; retryAfterSeconds: number };

/**
 * The orders that flow while chaos mode runs: the seeded customer buys one of two products created
 * for the run (so the run accounts for all of their stock, as the model-based test does), pays with a
 * test card, and goes again, through the public API like any customer. What the API refused is
 * counted by status; a runtime that is down (a crash) is waited for.
 */
export class DemoOrders {
  readonly products: AccountedProduct[] = [];
  readonly orderIds: string[] = [];
  accepted = 0;
  readonly refused: Record<string, number> = {};
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly baseUrl: () => string,
    private readonly chaos: Chaos,
    /** pause between one order and the next */
    private readonly pauseMs = 300,
  ) {}

  get flowing(): boolean {
    return this.running !== undefined;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.flow().finally(() => {
      this.running = undefined;
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private call(method: string, path: string, body?: unknown, token?: string): Promise<Answer> {
    return requestApi(this.baseUrl(), method, path, body, token);
  }

  private async login(account: { email: string; password: string }): Promise<string> {
    const { status, json, retryAfterSeconds } = await this.call("POST", "/users/login", account);
    if (status !== 200) throw new Refused(`log-in ${status}`, retryAfterSeconds);
    return String(json.token);
  }

  private refuse(what: string) {
    this.refused[what] = (this.refused[what] ?? 0) + 1;
  }

  private async flow(): Promise<void> {
    let token: string | undefined;
    while (!this.stopping) {
      try {
        if (this.products.length === 0) await this.createProducts();
        token ??= await this.login(seedAccounts().customer);
        const outcome = await this.order(token);
        if (outcome === 401) token = undefined;
      } catch (error) {
        // the runtime is down (a crash and restart), or refused a log-in or a product: say which, and
        // wait as long as the shop asks (a braked log-in's Retry-After: asking sooner only lengthens it)
        this.refuse(error instanceof Refused ? error.message : "unreachable");
        token = undefined;
        await sleep(error instanceof Refused ? Math.max(1, error.retryAfterSeconds) * 1000 : 1000);
      }
      await sleep(this.pauseMs);
    }
  }

  private async createProducts() {
    const staff = await this.login(seedAccounts().admin);
    const run = new Date().toISOString().slice(11, 19);
    for (const [label, price] of [
      ["A", 1200],
      ["B", 3400],
    ] as const) {
      const { status, json } = await this.call(
        "POST",
        "/products",
        {
          name: `Chaos run ${run} item ${label}`,
          description: "Bought by chaos mode's demo orders",
          price,
          stock: STOCK,
        },
        staff,
      );
      if (status !== 201) throw new Refused(`product ${status}`);
      this.products.push({ productId: String(json.productId), expected: STOCK });
    }
  }

  /** One order, placed and paid; answers the status that stopped it, or 202. */
  private async order(token: string): Promise<number> {
    const product = pick(this.products);
    const quantity = 1 + Math.floor(Math.random() * 2);
    const cart = await this.call("POST", "/cart", { productId: product.productId, quantity }, token);
    if (cart.status !== 200 && cart.status !== 201) return this.refusedWith(cart.status, "cart");
    const order = await this.call("POST", "/orders", { cartId: cart.json.cartId }, token);
    if (order.status !== 201) {
      // what stayed in the cart would ride along with the next order
      for (const p of this.products) await this.call("DELETE", `/cart/items/${p.productId}`, undefined, token);
      return this.refusedWith(order.status, "order");
    }
    const orderId = String(order.json.orderId);
    this.orderIds.push(orderId);
    const paid = await this.call("POST", "/payment/process", { orderId, paymentMethod: pick(CARDS) }, token);
    if (paid.status !== 202) return this.refusedWith(paid.status, "payment");
    this.accepted += 1;
    this.chaos.checkoutAccepted(orderId);
    return 202;
  }

  private refusedWith(status: number, step: string): number {
    this.refuse(`${step} ${status}`);
    return status;
  }
}

/** An answer the flow cannot go on from (a refused log-in or product), counted by its status. */
class Refused extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds = 0,
  ) {
    super(message);
  }
}
