import { TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { asSystem, carryingTask, createProduct, customer, installPlatform } from "@shop/testkit/fixtures";
import { beforeEach, describe, expect, it } from "vitest";
import { Actor, Cart, Inventory, Order } from "../src";
import { dynamoClient, tableName } from "../src/dynamo";

/*
 * The cart's limit is what one reservation transaction can hold. Found by the model-based test
 * (seed 11): a cart of 50 lines, then allowed, made a transaction of 101 actions, which DynamoDB
 * refuses, so a customer who filled a cart could never pay for it.
 */
describe("a full cart", () => {
  beforeEach(() => {
    installPlatform();
  });

  it("is held to DynamoDB's real limit: it refuses a transaction of one action more", async () => {
    const over = Inventory.TRANSACTION_MAX_ACTIONS + 1;
    const transaction = new TransactWriteItemsCommand({
      TransactItems: Array.from({ length: over }, (_, i) => ({
        Put: { TableName: tableName(), Item: { pk: { S: `limit-probe-${i}` }, sk: { S: "probe" } } },
      })),
    });
    await expect(dynamoClient().send(transaction)).rejects.toMatchObject({ name: "ValidationException" });
    expect(Inventory.reserveActions(Cart.MAX_LINES)).toBeLessThanOrEqual(Inventory.TRANSACTION_MAX_ACTIONS);
    expect(Inventory.reserveActions(Cart.MAX_LINES + 1)).toBeGreaterThan(Inventory.TRANSACTION_MAX_ACTIONS);
  });

  it("can be ordered and its stock reserved whole, in one transaction", async () => {
    const products = await Promise.all(Array.from({ length: Cart.MAX_LINES }, () => createProduct({ stock: 2 })));
    const who = await customer();
    const order = await Actor.provide(who.actor, async () => {
      let cartId = "";
      for (const product of products) cartId = (await Cart.add({ productId: product.productId })).cartId ?? "";
      return Order.create({ cartId });
    });
    const { order: paying } = await Order.beginPayment(order.orderId, "tok_visa");
    const task = await carryingTask(paying.orderId, paying.paymentAttempt);
    expect(await Inventory.reserve({ orderId: task.orderId, attempt: task.attempt, items: task.order.items })).toEqual({
      reserved: Cart.MAX_LINES,
      alreadyReserved: false,
    });
    const stocks = await asSystem(() => Promise.all(products.map((p) => Inventory.availability(p.productId))));
    expect(stocks.map((s) => s.available)).toEqual(products.map(() => 1));
  });
});
