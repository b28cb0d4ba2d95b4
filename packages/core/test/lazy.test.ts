import { describe, expect, it } from "vitest";
import * as classic from "zod";
import * as z from "zod/mini";
import { lazy } from "../src/util/lazy";

const build = () =>
  z.object({
    name: z.string().check(z.trim(), z.minLength(1, "Required")),
    price: z.int("Must be whole cents").check(z.gte(0)),
    tags: z.optional(z.array(z.string())),
  });

describe("lazy schemas", () => {
  it("are built on the first read, once", () => {
    let built = 0;
    const schema = lazy(() => {
      built += 1;
      return build();
    });
    expect(built).toBe(0);
    z.parse(schema, { name: "a", price: 1 });
    z.safeParse(schema, { name: "", price: -1 });
    expect(built).toBe(1);
  });

  it("parse and refuse exactly as the schema they wrap, with the same issues", () => {
    const eager = build();
    const deferred = lazy(build);
    for (const input of [{ name: " Mug ", price: 900 }, { name: "", price: 1.5, tags: [1] }, null, "x"]) {
      const a = z.safeParse(eager, input);
      const b = z.safeParse(deferred, input);
      expect(b.success).toBe(a.success);
      expect(b.data).toEqual(a.data);
      expect(b.error?.issues).toEqual(a.error?.issues);
    }
    expect(deferred["~standard"].validate({ name: "b", price: 2 })).toEqual({ value: { name: "b", price: 2 } });
  });

  it("compose as schemas do: nested, extended, made partial, in zod classic, in the OpenAPI document", () => {
    const Item = lazy(build);
    const Order = lazy(() => z.object({ item: Item, quantity: z.int() }));
    const Patch = lazy(() => z.extend(z.partial(Item), { note: z.optional(z.string()) }));
    expect(z.parse(Order, { item: { name: "c", price: 3 }, quantity: 2 })).toEqual({
      item: { name: "c", price: 3 },
      quantity: 2,
    });
    expect(z.parse(Patch, { note: "n" })).toEqual({ note: "n" });
    expect(classic.object({ item: Item }).parse({ item: { name: "d", price: 4 } })).toEqual({
      item: { name: "d", price: 4 },
    });
    expect(classic.toJSONSchema(Order)).toEqual(classic.toJSONSchema(z.object({ item: build(), quantity: z.int() })));
    expect(Item).toBeInstanceOf(z.ZodMiniObject);
    expect(Object.keys(Item.shape)).toEqual(["name", "price", "tags"]);
  });
});
