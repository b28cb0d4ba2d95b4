import { asSystem, createProduct, recordingPlatform } from "../../../test/helpers";
import { Actor, Cart, createId, Inventory, Order, Platform, User } from "../src";

/** In-process ports: validation answered by Inventory.check, everything else recorded. */
export function installPlatform() {
  const platform = recordingPlatform({ validateCart: async (request) => Inventory.check(request.items) });
  Platform.set(platform);
  return platform;
}

/** A registered customer (stored, so notifications have a recipient) as an actor. */
export async function customer(): Promise<{ actor: Actor; userId: string; email: string }> {
  const email = `c-${createId().toLowerCase()}@example.com`;
  const user = await asSystem(() => User.register({ email, password: "long-enough-pw", name: "C" }));
  return {
    actor: { type: "user", properties: { userId: user.userId, email, role: "CUSTOMER" } },
    userId: user.userId,
    email,
  };
}

/** An order placed (VALIDATED) by a new customer for `quantity` of a new product with `stock`. */
export async function placedOrder(options: { stock?: number; quantity?: number; price?: number } = {}) {
  const { stock = 10, quantity = 1, price = 2500 } = options;
  const product = await createProduct({ stock, price });
  const who = await customer();
  const order = await Actor.provide(who.actor, async () => {
    const cart = await Cart.add({ productId: product.productId, quantity });
    return Order.create({ cartId: cart.cartId ?? "" });
  });
  return { order, product, ...who };
}
