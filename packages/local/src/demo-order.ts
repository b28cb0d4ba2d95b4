import { seedAccounts } from "./accounts";

/**
 * Places and pays one order as the seeded demo customer, through the public API (so every pattern
 * runs exactly as for a real customer). Used by the admin panel's "place a demo order".
 */
export async function placeDemoOrder(baseUrl: string, paymentMethod: string) {
  const call = async <T>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { token } = await call<{ token: string }>("POST", "/users/login", seedAccounts().customer);
  const { items } = await call<{ items: { productId: string; stock: number }[] }>("GET", "/products?limit=50");
  const product = items.find((p) => p.stock >= 1);
  if (!product) throw new Error("no product in stock");
  const cart = await call<{ cartId: string }>("POST", "/cart", { productId: product.productId, quantity: 1 }, token);
  const order = await call<{ orderId: string }>("POST", "/orders", { cartId: cart.cartId }, token);
  await call("POST", "/payment/process", { orderId: order.orderId, paymentMethod }, token);
  return { orderId: order.orderId, paymentMethod };
}
