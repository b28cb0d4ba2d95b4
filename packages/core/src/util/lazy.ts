/**
 * A schema built on first use instead of at import. Building zod schemas is work: the domain's are a
 * few hundred instances (each field, check and wrapper one), ~7 ms of a function's cold start, while
 * a function parses with a handful of them. `lazy(() => z.object({…}))` has the schema's type and
 * behaves as the schema: the first property read (a parse, an `extend`, a route's validator) builds
 * it once; every read after that goes to the built schema.
 *
 * A Proxy over a placeholder: zod's instances carry non-configurable own properties (`_zod`), which
 * a Proxy may only report as configurable when its target lacks them; nothing in zod or its
 * consumers relies on that flag.
 */
export /* @__NO_SIDE_EFFECTS__ */ function lazy<T extends object>(build: () => T): T {
  let built: T | undefined;
  const schema = (): T => {
    built ??= build();
    return built;
  };
  return new Proxy(Object.create(null) as T, {
    get: (_, key) => {
      const target = schema();
      return Reflect.get(target, key, target);
    },
    set: (_, key, value) => {
      const target = schema();
      return Reflect.set(target, key, value, target);
    },
    has: (_, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
