import type { Leaf } from "./leaf-tests";

/** A leaf of the event with the array elements it sits in: array id → index. */
export type Field = { leaf: Leaf; arrays: ReadonlyMap<number, number> };

/**
 * The event as Event Ruler reads it: every leaf under its path, keys joined with "." (so an event
 * field named "a.b" sits where `{"a": {"b": …}}` does), arrays flattened (an array in an array
 * too), each leaf remembering which element of which array it came from.
 *
 * @example
 *   fields({ a: [{ b: 1 }, { b: 2 }] }).get("a.b")?.map((field) => field.leaf) // [1, 2]
 */
export function fields(event: unknown): Map<string, Field[]> {
  const result = new Map<string, Field[]>();
  let nextArray = 0;
  const walk = (value: unknown, path: string, arrays: ReadonlyMap<number, number>) => {
    if (Array.isArray(value)) {
      const id = nextArray++;
      value.forEach((item, index) => {
        walk(item, path, new Map(arrays).set(id, index));
      });
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) walk(child, path === "" ? key : `${path}.${key}`, arrays);
    } else if (path !== "" && value !== undefined) {
      const list = result.get(path) ?? [];
      list.push({ leaf: value as Leaf, arrays });
      result.set(path, list);
    }
  };
  walk(event, "", new Map());
  return result;
}

/** Two leaves can be matched together unless they come from different elements of one array. */
export function consistent(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): boolean {
  for (const [id, index] of a) {
    const other = b.get(id);
    if (other !== undefined && other !== index) return false;
  }
  return true;
}
