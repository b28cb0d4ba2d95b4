import { entriesWithTrigger, type FunctionName } from "@shop/topology";
import { type DurableStore, type DurableTable, NO_STORE } from "../durable/store";

/**
 * UpdateEventSourceMapping's `Enabled`, per function with a queue or stream trigger. A disabled
 * mapping reads nothing: the queue keeps its messages, the stream its records after the checkpoint,
 * and both are read again once it is enabled. Kept in the store, as AWS keeps a mapping's state.
 *
 * @example
 * states.setEnabled("update-order-status", false); // payment updates wait in their queue
 */
export class EventSourceMappingStates {
  private readonly disabled: DurableTable<true>;

  constructor(store: DurableStore = NO_STORE) {
    this.disabled = store.table("lambda:disabled-mappings");
  }

  /** the functions that have an event source mapping */
  static functions(): FunctionName[] {
    return [...entriesWithTrigger("queue"), ...entriesWithTrigger("stream")].map(([name]) => name);
  }

  setEnabled(name: FunctionName, enabled: boolean): void {
    if (!EventSourceMappingStates.functions().includes(name)) throw new Error(`${name} has no event source mapping`);
    if (enabled) this.disabled.remove(name);
    else this.disabled.put(name, true);
  }

  isEnabled(name: FunctionName): boolean {
    return this.disabled.get(name) === undefined;
  }
}
