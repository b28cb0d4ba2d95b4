/** The seeded log-ins (kept apart from seed.ts so printing them loads no domain code). */
export interface SeedAccounts {
  admin: { email: string; password: string };
  customer: { email: string; password: string };
}

export function seedAccounts(): SeedAccounts {
  return {
    admin: {
      email: process.env.ADMIN_EMAIL ?? "admin@shop.local",
      password: process.env.ADMIN_PASSWORD ?? "admin-password-1",
    },
    customer: { email: "customer@shop.local", password: "customer-password-1" },
  };
}
