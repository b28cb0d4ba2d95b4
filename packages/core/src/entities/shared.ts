/** Helpers shared by the entity definitions. */
export const SERVICE = "shop";

export const isoNow = () => new Date().toISOString();

/** createdAt: set once on create, never changed. */
export const createdAt = {
  type: "string",
  required: true,
  readOnly: true,
  default: isoNow,
} as const;

/** updatedAt: refreshed on every write. */
export const updatedAt = {
  type: "string",
  required: true,
  default: isoNow,
  set: () => isoNow(),
  watch: "*",
} as const;
