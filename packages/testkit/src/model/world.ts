import type { Runtime } from "@shop/local";
import type { FunctionName } from "@shop/topology";
import type { Client } from "../e2e";

/** The payment provider's test cards: what each does to a charge (see core's payment/provider.ts). */
export const CARDS = ["tok_visa", "tok_chargeDeclined", "tok_delayed", "tok_noConfirm"] as const;
export type Card = (typeof CARDS)[number];

/** A product as the API answers it (what the staff's form is opened on). */
export interface ProductRead {
  productId: string;
  name: string;
  description: string;
  price: number;
  stock: number;
  category?: string;
  status: string;
}

export interface ModelProduct {
  productId: string;
  /** stock it was created with */
  created: number;
  /** what staff edits accepted by the API added to (or took from) the stock, as the staff meant them */
  restocked: number;
  /** the staff's open edit form: the product as read when it was opened (stale once anything moved) */
  form?: ProductRead;
}

/**
 * The model: what the shop must still account for, kept from the commands' accepted answers only.
 * Everything else (statuses, charges) is read from the real API and table and held to invariants.
 */
export interface Model {
  products: ModelProduct[];
  /** the orders placed, with the index of the customer who placed each */
  orders: { orderId: string; customer: number }[];
  /**
   * the checkout executions the API accepted (202): each must end on its own, crash or not, as a
   * Step Functions execution outlives any host; none may be left to the sweeper to settle
   */
  checkouts: string[];
  /** a function error was injected in this run: a checkout may end `checkout_failed` */
  functionErrors: boolean;
  /** a platform fault was injected: a 503 (Retry-After) is a fair answer */
  platformFaults: boolean;
}

/** The real system one run drives: the local runtime, a staff client, and the customers. */
export interface World {
  runtime: Runtime;
  staff: Client;
  customers: Client[];
  /** the functions overridden for fault injection (removed when the run ends) */
  overridden: Set<FunctionName>;
  /** every request and answer of the run, for the report of a failing run */
  trace: string[];
  /** starts the runtime again on its DATA_DIR after a crash (none: the runtime keeps nothing) */
  restart?: (crashed: Runtime) => Promise<Runtime>;
}
