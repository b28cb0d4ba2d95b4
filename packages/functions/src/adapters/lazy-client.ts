import { traced } from "@shop/common-utils";

/**
 * An SDK client module and its (traced) client, loaded once on first use: a function pays at cold
 * start only for the clients it calls.
 */
export function lazyClient<M, C extends object>(load: () => Promise<M>, create: (sdk: M) => C) {
  let loaded: Promise<{ sdk: M; client: C }> | undefined;
  return () => {
    loaded ??= load().then((sdk) => ({ sdk, client: traced(create(sdk)) }));
    return loaded;
  };
}
