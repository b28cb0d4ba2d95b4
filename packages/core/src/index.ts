export { Actor } from "./actor";
export { Cart } from "./cart";
export { Shop } from "./entities";
export { Idempotency } from "./idempotency";
export { Product } from "./product";
export { User } from "./user";
export { fieldIssues, fn, parse, validationError } from "./util/fn";
export { createId, Id } from "./util/id";
export { type Page, PageInput } from "./util/page";
