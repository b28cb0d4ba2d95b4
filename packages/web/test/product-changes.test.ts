import { describe, expect, it } from "vitest";
import { productChanges, productInput } from "../src/screens/product-changes";

const opened = { name: "Mug", description: "Blue", price: 1250, stock: 10, category: "kitchen" };
const form = { name: "Mug", description: "Blue", price: "12.50", stock: "10", category: "kitchen" };

describe("the product form's request", () => {
  it("sends only what the form changed: nothing of a field left as it was opened", () => {
    expect(productChanges(opened, form)).toEqual({});
    expect(productChanges(opened, { ...form, price: "13.00" })).toEqual({ price: 1300 });
    expect(productChanges(opened, { ...form, name: "Cup", description: "" })).toEqual({ name: "Cup", description: "" });
  });

  it("sends a new stock with the stock the form was opened on, so the API can refuse a stale one", () => {
    expect(productChanges(opened, { ...form, stock: "15" })).toEqual({ stock: 15, expectedStock: 10 });
  });

  it("sends every field of a new product, in cents", () => {
    expect(productInput({ ...form, category: "" })).toEqual({
      name: "Mug",
      description: "Blue",
      price: 1250,
      stock: 10,
    });
  });
});
