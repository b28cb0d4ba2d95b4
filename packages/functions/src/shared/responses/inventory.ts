import * as Inventory from "@shop/core/inventory";

export const Availability = Inventory.Availability;
