import { Actor, Product, User } from "@shop/core";
import { seedAccounts } from "./accounts";
import type { LocalCognito } from "./cognito";

/** The demo catalogue, one row a product: name, category, price (integer cents), stock, description. */
const CATALOGUE: [name: string, category: string, price: number, stock: number, description: string][] = [
  ["Aeropress Coffee Maker", "Kitchen", 3995, 40, "Brews smooth coffee in a minute."],
  ["Ceramic Pour-Over Dripper", "Kitchen", 2450, 25, "Size 02, fits standard filters."],
  ["Burr Coffee Grinder", "Kitchen", 12900, 12, "40 grind settings, conical steel burrs."],
  ["Gooseneck Kettle 1L", "Kitchen", 6900, 18, "Precise pour, stovetop safe."],
  ["Single-Origin Beans 250g", "Coffee", 1600, 120, "Ethiopia Yirgacheffe, light roast."],
  ["Espresso Blend 1kg", "Coffee", 3400, 60, "Chocolate and hazelnut notes."],
  ["Decaf Colombia 250g", "Coffee", 1500, 45, "Swiss-water process decaf."],
  ["Paper Filters (100)", "Coffee", 650, 300, "Unbleached, size 02."],
  ["Insulated Travel Mug", "Drinkware", 2900, 70, "Keeps drinks hot for 6 hours."],
  ["Double-Wall Glass Cup", "Drinkware", 1800, 55, "Set of two, 250 ml."],
  ["Stoneware Mug", "Drinkware", 2200, 35, "Hand-glazed, 350 ml."],
  ["Cold Brew Bottle", "Drinkware", 2700, 20, "1 litre with mesh filter."],
  ["Mechanical Keyboard", "Desk", 14900, 15, "Hot-swappable switches, 75% layout."],
  ["Wool Desk Mat", "Desk", 4900, 30, "Felted merino, 90 x 40 cm."],
  ["Monitor Light Bar", "Desk", 8900, 22, "Asymmetric light, no screen glare."],
  ["Walnut Laptop Stand", "Desk", 7900, 10, "Solid walnut, raises 12 cm."],
  ["Cable Organiser Kit", "Desk", 1900, 80, "Clips, sleeves and ties."],
  ["Noise-Cancelling Headphones", "Audio", 29900, 8, "30 hours of battery."],
  ["Bookshelf Speakers", "Audio", 24900, 6, "Pair, Bluetooth and optical in."],
  ["USB Condenser Microphone", "Audio", 11900, 14, "Cardioid, plug and play."],
  ["Linen Notebook A5", "Stationery", 1450, 90, "Dot grid, 192 pages."],
  ["Brass Fountain Pen", "Stationery", 5900, 16, "Fine nib, converter included."],
  ["Recycled Sticky Notes", "Stationery", 450, 200, "Six pads, pastel colours."],
  ["Canvas Tote Bag", "Accessories", 2400, 50, "Heavy cotton, inner pocket."],
];

export const DEMO_PRODUCTS: Product.CreateInput[] = CATALOGUE.map(([name, category, price, stock, description]) => ({
  name,
  category,
  price,
  stock,
  description,
}));

/**
 * Seeds the admin (in the user pool's ADMIN group), a demo customer and the catalogue once: skipped
 * when the admin's profile exists. The accounts are confirmed by an admin, so the pool runs its
 * PostConfirmation trigger (create-profile) for each, as it would for a customer's own confirmation.
 */
export async function seed(cognito: LocalCognito, accounts = seedAccounts()): Promise<"seeded" | "already-seeded"> {
  const system: Actor = { type: "system", properties: { name: "seed" } };
  return Actor.provide(system, async () => {
    if (await User.fromEmail(accounts.admin.email)) return "already-seeded";
    await cognito.createAccount(accounts.admin.email, accounts.admin.password, "Shop Admin", "ADMIN");
    await cognito.createAccount(accounts.customer.email, accounts.customer.password, "Demo Customer");
    for (const product of DEMO_PRODUCTS) await Product.create(product);
    return "seeded";
  });
}
