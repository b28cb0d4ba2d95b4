import { Hono } from "hono";
import { cart } from "./cart";
import { inventory } from "./inventory";
import { cancelOrder, createOrder, getOrders } from "./orders";
import { paymentWebhook, processPayment } from "./payment";
import { products } from "./products";
import { reports } from "./reports";
import { users } from "./users";

export { corsOptions, serviceApp } from "./service";

/** The whole API's type, for the admin panel's typed client (`hc<AppType>`). Never served. */
const api = new Hono()
  .route("/users", users)
  .route("/products", products)
  .route("/cart", cart)
  .route("/orders", createOrder)
  .route("/orders", getOrders)
  .route("/orders", cancelOrder)
  .route("/payment", processPayment)
  .route("/payment", paymentWebhook)
  .route("/inventory", inventory)
  .route("/reports", reports);
export type AppType = typeof api;
