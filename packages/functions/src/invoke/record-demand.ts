import * as Analytics from "@shop/core/analytics";
import { DemandRecord } from "@shop/core/events";
import { systemHandler } from "../shared/handler";

/** record-demand: invoked asynchronously by create-order (P3, port recordDemand); records the units ordered. */
export const Event = DemandRecord;

export const handler = systemHandler("record-demand", Event, (event) => Analytics.recordPlacement(event));
