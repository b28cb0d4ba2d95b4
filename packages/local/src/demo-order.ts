import { seedAccounts } from "./accounts";

/** One JSON request to the shop's HTTP API, answered with its status and body (a body that is not JSON: {}). */
export async function requestApi<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: T; retryAfterSeconds: number }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const retryAfterSeconds = Number(response.headers.get("retry-after") ?? 0) || 0;
  return { status: response.status, json: (await response.json().catch(() => ({}))) as T, retryAfterSeconds };
}

/** One JSON call to the shop's HTTP API (the demo and the panel's demo order go through the front door). */
export async function callApi<T>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const { status, json } = await requestApi<T>(baseUrl, method, path, body, token);
  if (status < 200 || status >= 300) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Places and pays one order as the seeded demo customer, through the public API (so every pattern
 * runs exactly as for a real customer). Used by `npm run demo` and the admin panel's demo order.
 */
export async function placeDemoOrder(baseUrl: string, paymentMethod: string, quantity = 1) {
  const { token } = await callApi<{ token: string }>(baseUrl, "POST", "/users/login", seedAccounts().customer);
  const { items } = await callApi<{ items: { productId: string; name: string; stock: number }[] }>(
    baseUrl,
    "GET",
    "/products?limit=50",
  );
  const product = items.find((p) => p.stock >= quantity);
  if (!product) throw new Error("no product in stock: delete .data/ to reseed");
  const cart = await callApi<{ cartId: string }>(
    baseUrl,
    "POST",
    "/cart",
    { productId: product.productId, quantity },
    token,
  );
  const order = await callApi<{ orderId: string; totalAmount: number }>(
    baseUrl,
    "POST",
    "/orders",
    { cartId: cart.cartId },
    token,
  );
  await callApi(baseUrl, "POST", "/payment/process", { orderId: order.orderId, paymentMethod }, token);
  return {
    orderId: order.orderId,
    paymentMethod,
    token,
    productName: product.name,
    quantity,
    totalAmount: order.totalAmount,
  };
}
