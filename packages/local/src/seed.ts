import { Actor, Product, User } from "@shop/core";
import { seedAccounts } from "./accounts";

/** The demo catalogue: integer cents, realistic stock. */
export const DEMO_PRODUCTS: Product.CreateInput[] = [
  {
    name: "Aeropress Coffee Maker",
    category: "Kitchen",
    price: 3995,
    stock: 40,
    description: "Brews smooth coffee in a minute.",
  },
  {
    name: "Ceramic Pour-Over Dripper",
    category: "Kitchen",
    price: 2450,
    stock: 25,
    description: "Size 02, fits standard filters.",
  },
  {
    name: "Burr Coffee Grinder",
    category: "Kitchen",
    price: 12900,
    stock: 12,
    description: "40 grind settings, conical steel burrs.",
  },
  {
    name: "Gooseneck Kettle 1L",
    category: "Kitchen",
    price: 6900,
    stock: 18,
    description: "Precise pour, stovetop safe.",
  },
  {
    name: "Single-Origin Beans 250g",
    category: "Coffee",
    price: 1600,
    stock: 120,
    description: "Ethiopia Yirgacheffe, light roast.",
  },
  {
    name: "Espresso Blend 1kg",
    category: "Coffee",
    price: 3400,
    stock: 60,
    description: "Chocolate and hazelnut notes.",
  },
  {
    name: "Decaf Colombia 250g",
    category: "Coffee",
    price: 1500,
    stock: 45,
    description: "Swiss-water process decaf.",
  },
  { name: "Paper Filters (100)", category: "Coffee", price: 650, stock: 300, description: "Unbleached, size 02." },
  {
    name: "Insulated Travel Mug",
    category: "Drinkware",
    price: 2900,
    stock: 70,
    description: "Keeps drinks hot for 6 hours.",
  },
  { name: "Double-Wall Glass Cup", category: "Drinkware", price: 1800, stock: 55, description: "Set of two, 250 ml." },
  { name: "Stoneware Mug", category: "Drinkware", price: 2200, stock: 35, description: "Hand-glazed, 350 ml." },
  { name: "Cold Brew Bottle", category: "Drinkware", price: 2700, stock: 20, description: "1 litre with mesh filter." },
  {
    name: "Mechanical Keyboard",
    category: "Desk",
    price: 14900,
    stock: 15,
    description: "Hot-swappable switches, 75% layout.",
  },
  { name: "Wool Desk Mat", category: "Desk", price: 4900, stock: 30, description: "Felted merino, 90 x 40 cm." },
  {
    name: "Monitor Light Bar",
    category: "Desk",
    price: 8900,
    stock: 22,
    description: "Asymmetric light, no screen glare.",
  },
  { name: "Walnut Laptop Stand", category: "Desk", price: 7900, stock: 10, description: "Solid walnut, raises 12 cm." },
  { name: "Cable Organiser Kit", category: "Desk", price: 1900, stock: 80, description: "Clips, sleeves and ties." },
  {
    name: "Noise-Cancelling Headphones",
    category: "Audio",
    price: 29900,
    stock: 8,
    description: "30 hours of battery.",
  },
  {
    name: "Bookshelf Speakers",
    category: "Audio",
    price: 24900,
    stock: 6,
    description: "Pair, Bluetooth and optical in.",
  },
  {
    name: "USB Condenser Microphone",
    category: "Audio",
    price: 11900,
    stock: 14,
    description: "Cardioid, plug and play.",
  },
  { name: "Linen Notebook A5", category: "Stationery", price: 1450, stock: 90, description: "Dot grid, 192 pages." },
  {
    name: "Brass Fountain Pen",
    category: "Stationery",
    price: 5900,
    stock: 16,
    description: "Fine nib, converter included.",
  },
  {
    name: "Recycled Sticky Notes",
    category: "Stationery",
    price: 450,
    stock: 200,
    description: "Six pads, pastel colours.",
  },
  {
    name: "Canvas Tote Bag",
    category: "Accessories",
    price: 2400,
    stock: 50,
    description: "Heavy cotton, inner pocket.",
  },
];

/** Seeds the admin, a demo customer and the catalogue once: skipped when the admin already exists. */
export async function seed(accounts = seedAccounts()): Promise<"seeded" | "already-seeded"> {
  const system: Actor = { type: "system", properties: { name: "seed" } };
  return Actor.provide(system, async () => {
    try {
      await User.register({ ...accounts.admin, name: "Shop Admin", role: "ADMIN" });
    } catch (error) {
      if ((error as { code?: string }).code === "user.email_taken") return "already-seeded";
      throw error;
    }
    await User.register({ ...accounts.customer, name: "Demo Customer", role: "CUSTOMER" });
    for (const product of DEMO_PRODUCTS) await Product.create(product);
    return "seeded";
  });
}
