import { TAKES_MONEY } from "@shop/local";
import type { AsyncCommand } from "fast-check";
import { productChanges } from "../../../web/src/screens/product-changes";
import { sendWebhook } from "../e2e";
import { expectStatus, request } from "./http";
import type { Card, Model, ProductRead, World } from "./world";

/*
 * The commands of the model-based test: one per thing an actor can do. Each acts through the real
 * API (or, for the platform, through the local runtime's fault injection), checks the answer is one
 * the model allows, and records in the model only what the API accepted.
 */
type Command = AsyncCommand<Model, World, false>;
const pick = <T>(items: readonly T[], index: number): T => items[index % items.length] as T;

/** Staff creates a product. */
export class CreateProduct implements Command {
  constructor(
    readonly stock: number,
    readonly price: number,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const answer = await request<ProductRead>(world, model, world.staff, "POST", "/products", {
      name: `Model product ${model.products.length}`,
      price: this.price,
      stock: this.stock,
    });
    expectStatus(answer, "create product", 201);
    model.products.push({ productId: answer.body.productId, created: this.stock, restocked: 0 });
  }
  toString = () => `CreateProduct(stock ${this.stock}, price ${this.price})`;
}

/** A customer puts a product in their cart. */
export class AddToCart implements Command {
  constructor(
    readonly customer: number,
    readonly product: number,
    readonly quantity: number,
  ) {}
  check = (model: Readonly<Model>) => model.products.length > 0;
  async run(model: Model, world: World) {
    const { productId } = pick(model.products, this.product);
    const client = pick(world.customers, this.customer);
    const answer = await request(world, model, client, "POST", "/cart", { productId, quantity: this.quantity });
    expectStatus(answer, "add to cart", 200, 404, 409, 422);
  }
  toString = () => `AddToCart(customer ${this.customer}, product ${this.product}, ×${this.quantity})`;
}

/** Staff creates `lines` products of stock 1 and a customer puts each in their cart (up to the limit). */
export class FillCart implements Command {
  constructor(
    readonly customer: number,
    readonly lines: number,
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    const client = pick(world.customers, this.customer);
    for (let i = 0; i < this.lines; i++) {
      await new CreateProduct(1, 100).run(model, world);
      const { productId } = model.products[model.products.length - 1] as { productId: string };
      const answer = await request(world, model, client, "POST", "/cart", { productId, quantity: 1 });
      expectStatus(answer, "add to cart", 200, 422);
      if (answer.status === 422) break; // the cart's limit: the shop said so before the customer paid
    }
  }
  toString = () => `FillCart(customer ${this.customer}, ${this.lines} lines)`;
}

/** A customer orders what is in their cart. */
export class PlaceOrder implements Command {
  constructor(readonly customer: number) {}
  check = () => true;
  async run(model: Model, world: World) {
    const client = pick(world.customers, this.customer);
    const cart = await request<{ cartId?: string; items: unknown[] }>(world, model, client, "GET", "/cart");
    expectStatus(cart, "read cart", 200);
    if (!cart.body.cartId || cart.body.items.length === 0) return;
    const order = await request<{ orderId: string }>(world, model, client, "POST", "/orders", {
      cartId: cart.body.cartId,
    });
    expectStatus(order, "place order", 201, 404, 409, 422);
    if (order.status === 201) {
      model.orders.push({ orderId: order.body.orderId, customer: this.customer % world.customers.length });
    }
  }
  toString = () => `PlaceOrder(customer ${this.customer})`;
}

/** The order's owner pays it with a test card. */
export class Pay implements Command {
  constructor(
    readonly order: number,
    readonly card: Card,
  ) {}
  check = (model: Readonly<Model>) => model.orders.length > 0;
  async run(model: Model, world: World) {
    const { orderId, customer } = pick(model.orders, this.order);
    const answer = await request<{ executionArn?: string }>(
      world,
      model,
      pick(world.customers, customer),
      "POST",
      "/payment/process",
      { orderId, paymentMethod: this.card },
    );
    expectStatus(answer, "pay", 202, 409);
    if (answer.status === 202 && answer.body.executionArn) model.checkouts.push(answer.body.executionArn);
  }
  toString = () => `Pay(order ${this.order}, ${this.card})`;
}

/** The order's owner, or staff, cancels it. */
export class Cancel implements Command {
  constructor(
    readonly order: number,
    readonly byStaff: boolean,
  ) {}
  check = (model: Readonly<Model>) => model.orders.length > 0;
  async run(model: Model, world: World) {
    const { orderId, customer } = pick(model.orders, this.order);
    const client = this.byStaff ? world.staff : pick(world.customers, customer);
    const answer = await request(world, model, client, "POST", `/orders/${orderId}/cancel`);
    expectStatus(answer, "cancel", 200, 409);
  }
  toString = () => `Cancel(order ${this.order}${this.byStaff ? ", by staff" : ""})`;
}

/** Staff opens a product's edit form (it shows the product as it is now). */
export class OpenForm implements Command {
  constructor(readonly product: number) {}
  check = (model: Readonly<Model>) => model.products.length > 0;
  async run(model: Model, world: World) {
    const product = pick(model.products, this.product);
    const answer = await request<ProductRead>(world, model, world.staff, "GET", `/products/${product.productId}`);
    expectStatus(answer, "read product", 200);
    product.form = answer.body;
  }
  toString = () => `OpenForm(product ${this.product})`;
}

/**
 * Staff saves the open form (perhaps long after opening it) with a new price and `restock` more
 * units, sending what the panel's form sends (the panel's own productChanges).
 */
export class SaveForm implements Command {
  constructor(
    readonly product: number,
    readonly price: number,
    readonly restock: number,
  ) {}
  check = (model: Readonly<Model>) => model.products.some((p) => p.form);
  async run(model: Model, world: World) {
    const product = pick(
      model.products.filter((p) => p.form),
      this.product,
    );
    const form = product.form as ProductRead;
    const body = productChanges(form, {
      name: form.name,
      description: form.description,
      price: (this.price / 100).toFixed(2),
      stock: String(form.stock + this.restock),
      category: form.category ?? "",
    });
    if (Object.keys(body).length === 0) return; // nothing changed: the panel sends nothing
    const answer = await request(world, model, world.staff, "PATCH", `/products/${product.productId}`, body);
    expectStatus(answer, "save product form", 200, 409);
    if (answer.status === 200) {
      product.restocked += this.restock;
      product.form = undefined;
    }
  }
  toString = () => `SaveForm(product ${this.product}, price ${this.price}, restock ${this.restock})`;
}

/** Staff soft-deletes a product. */
export class DeleteProduct implements Command {
  constructor(readonly product: number) {}
  check = (model: Readonly<Model>) => model.products.length > 0;
  async run(model: Model, world: World) {
    const product = pick(model.products, this.product);
    const answer = await request(world, model, world.staff, "DELETE", `/products/${product.productId}`);
    expectStatus(answer, "delete product", 200);
  }
  toString = () => `DeleteProduct(product ${this.product})`;
}

/**
 * The payment provider sends one of its events again: duplicated, late (after the checkout stopped
 * waiting), or out of order with another attempt's. Only what the provider would say: success for a
 * card that takes money, failure for a declined one.
 */
export class ReplayWebhook implements Command {
  constructor(
    readonly order: number,
    readonly which: number,
  ) {}
  check = (model: Readonly<Model>) => model.orders.length > 0;
  async run(model: Model, world: World) {
    const { orderId } = pick(model.orders, this.order);
    const details = await request<{ payments: Payment[] }>(world, model, world.staff, "GET", `/orders/${orderId}`);
    expectStatus(details, "read order", 200);
    const answered = details.body.payments.filter((p) => p.chargeId && p.paymentMethod !== "tok_noConfirm");
    if (answered.length === 0) return;
    const payment = pick(answered, this.which);
    const succeeded = TAKES_MONEY.has(payment.paymentMethod);
    const answer = await sendWebhook(world.runtime, {
      id: `evt_${payment.chargeId}`,
      type: succeeded ? "charge.succeeded" : "charge.failed",
      created: Math.floor(Date.now() / 1000),
      data: {
        chargeId: payment.chargeId,
        orderId,
        amount: payment.amount,
        currency: payment.currency,
        ...(succeeded ? {} : { failureReason: "card_declined" }),
      },
    });
    world.trace.push(`provider replays ${payment.chargeId} → ${answer.status}`);
    // while a fault drops webhooks the provider sees what it would: a 5xx, and it retries later
    if (answer.status >= 500 && model.platformFaults) return;
    expectStatus(answer, "webhook replay", 200, 202);
  }
  toString = () => `ReplayWebhook(order ${this.order}, payment ${this.which})`;
}

export interface Payment {
  paymentId: string;
  attempt: number;
  chargeId?: string;
  paymentMethod: string;
  amount: number;
  currency: string;
  status: string;
  refundStatus?: string;
}
