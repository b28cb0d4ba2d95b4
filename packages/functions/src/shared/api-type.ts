import { Hono } from "hono";
import { admin } from "../http/admin-api";
import { cancelOrder } from "../http/cancel-order";
import { cart } from "../http/cart-api";
import { inventory } from "../http/check-availability";
import { createOrder } from "../http/create-order";
import { flashSales } from "../http/flash-sale-api";
import { getOrders } from "../http/get-orders";
import { paymentWebhook } from "../http/payment-webhook";
import { processPayment } from "../http/process-payment";
import { products } from "../http/products-api";
import { reports } from "../http/reports-api";
import { users } from "../http/users-api";

/**
 * The whole API's type, for the admin panel's typed client (`hc<AppType>`): each service's router at
 * its base path. Never served; a test checks it serves exactly the catalogue's routes.
 */
export const api = new Hono()
  .route("/users", users)
  .route("/products", products)
  .route("/cart", cart)
  .route("/orders", createOrder)
  .route("/orders", getOrders)
  .route("/orders", cancelOrder)
  .route("/payment", processPayment)
  .route("/payment", paymentWebhook)
  .route("/inventory", inventory)
  .route("/flash-sales", flashSales)
  .route("/reports", reports)
  .route("/admin", admin);
export type AppType = typeof api;
