/** What the product form holds, as typed (strings, as the inputs give them). */
export interface ProductFormValues {
  name: string;
  description: string;
  /** dollars, e.g. "12.50" */
  price: string;
  stock: string;
  category: string;
}

/** The product the form was opened on (an edit), as GET /products/:id answered then. */
export interface ProductFormInitial {
  name?: string;
  description?: string;
  price?: number;
  stock?: number;
  category?: string;
}

/**
 * A new product from the form. The API counts money in integer cents.
 *
 * @example
 * productInput({ name: "Mug", description: "", price: "12.00", stock: "10", category: "" })
 * // → { name: "Mug", description: "", price: 1200, stock: 10 }
 */
export function productInput(values: ProductFormValues) {
  return {
    name: values.name,
    description: values.description,
    price: Math.round(Number(values.price) * 100),
    stock: Number(values.stock),
    ...(values.category ? { category: values.category } : {}),
  };
}

/**
 * What an edit sends: only the fields the form changed, so a save never writes back what it did not
 * mean to change. A changed stock names the stock the form was opened on (`expectedStock`): if a
 * checkout moved it since, the API refuses with 409 product.stock_changed instead of undoing the
 * checkout's reservation. Nothing changed: `{}` (nothing to send).
 *
 * @example
 * productChanges({ stock: 10, price: 1000, name: "Mug" }, { name: "Mug", description: "", price: "12.00", stock: "10", category: "" })
 * // → { price: 1200 }
 * productChanges({ stock: 10, price: 1000, name: "Mug" }, { name: "Mug", description: "", price: "10.00", stock: "15", category: "" })
 * // → { stock: 15, expectedStock: 10 }
 */
export function productChanges(initial: ProductFormInitial, values: ProductFormValues) {
  const next = productInput(values);
  const changes: Partial<ReturnType<typeof productInput>> & { expectedStock?: number } = {};
  if (next.name !== initial.name) changes.name = next.name;
  if (next.description !== (initial.description ?? "")) changes.description = next.description;
  if (next.price !== initial.price) changes.price = next.price;
  if (next.category !== undefined && next.category !== initial.category) changes.category = next.category;
  if (next.stock !== initial.stock) {
    changes.stock = next.stock;
    if (initial.stock !== undefined) changes.expectedStock = initial.stock;
  }
  return changes;
}
