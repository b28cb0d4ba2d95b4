import { createGateway } from "@shop/local";
import { signIn } from "@shop/testkit/api";
import { createProduct } from "@shop/testkit/fixtures";
import { invokeFunction } from "@shop/testkit/invoke";
import { describe, expect, it } from "vitest";
import { createClient } from "../src/client";

/** The typed client against the real API path (gateway → Lambda handler → Hono). */
describe("typed Hono client", () => {
  const gateway = createGateway((name, event) => invokeFunction(name, event));
  const fetchViaGateway: typeof fetch = (input, init) => Promise.resolve(gateway.fetch(new Request(input, init)));

  it("lists products and reads the signed-in user's cart with typed responses", async () => {
    const product = await createProduct({ name: "Typed" });
    const { token } = await signIn();
    const client = createClient({ baseUrl: "http://localhost", token, fetch: fetchViaGateway });

    const list = await client.products.$get({ query: { limit: "5" } });
    expect(list.status).toBe(200);
    const page = await list.json();
    expect(page.items.map((p) => p.productId)).toContain(product.productId);

    const added = await client.cart.$post({ json: { productId: product.productId, quantity: 2 } });
    expect(added.status).toBe(200);
    const cart = await (await client.cart.$get()).json();
    expect(cart.items[0]?.quantity).toBe(2);
  });

  it("surfaces API errors as typed responses", async () => {
    const client = createClient({ baseUrl: "http://localhost", fetch: fetchViaGateway });
    const response = await client.users.me.$get();
    expect(response.status).toBe(401);
  });
});
