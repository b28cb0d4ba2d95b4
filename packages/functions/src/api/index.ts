import { Hono } from "hono";
import { cart } from "./cart";
import { products } from "./products";
import { users } from "./users";

export { corsOptions, serviceApp } from "./service";
export { cart, products, users };

/** The whole API's type, for the admin panel's typed client (`hc<AppType>`). Never served. */
const api = new Hono().route("/users", users).route("/products", products).route("/cart", cart);
export type AppType = typeof api;
