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
 * The body the product form sends: every field of the form. The API counts money in integer cents.
 *
 * @example
 * productChanges({ stock: 10, price: 1000, name: "Mug" }, { name: "Mug", description: "", price: "12.00", stock: "10", category: "" })
 * // → { name: "Mug", description: "", price: 1200, stock: 10 }
 */
export function productChanges(_initial: ProductFormInitial, values: ProductFormValues) {
  return {
    name: values.name,
    description: values.description,
    price: Math.round(Number(values.price) * 100),
    stock: Number(values.stock),
    ...(values.category ? { category: values.category } : {}),
  };
}
