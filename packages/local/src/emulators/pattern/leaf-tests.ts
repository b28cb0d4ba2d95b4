/** A value an event holds at a path: Event Ruler sees only these (objects and empty arrays hold none). */
export type Leaf = string | number | boolean | null;

/** A test on one leaf. */
export type LeafTest = (leaf: Leaf) => boolean;

/**
 * Equals-ignore-case as Event Ruler builds it: each UTF-16 unit of the pattern matches its own
 * lower- or upper-case form (Java's `toLowerCase`/`toUpperCase` of that one character), so "ß"
 * also matches "SS", and a titlecase "ǅ" matches "ǆ" and "Ǆ" but not itself.
 */
export function ignoringCase(text: string, anchor: "whole" | "prefix" | "suffix"): RegExp {
  let source = "";
  for (const unit of text.split("")) {
    const forms = new Set([unit.toLowerCase(), unit.toUpperCase()]);
    source += `(?:${[...forms].map(literal).join("|")})`;
  }
  // no `u` flag: Event Ruler compares UTF-16 units one by one, as a non-unicode RegExp does
  return new RegExp(anchor === "whole" ? `^${source}$` : anchor === "prefix" ? `^${source}` : `${source}$`, "s");
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `*` matches any run of characters; `\*` is a literal star, `\\` a literal backslash. Event Ruler
 * refuses two stars in a row and any other backslash (`wildcardProblem`).
 */
export function wildcard(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === "\\") {
      source += literal(glob[i + 1] as string);
      i += 1;
    } else if (char === "*") source += ".*";
    else source += literal(char);
  }
  return new RegExp(`^${source}$`, "s");
}

/** Why Event Ruler's wildcard parser refuses a glob, or undefined. */
export function wildcardProblem(glob: string): string | undefined {
  const bytes = Buffer.from(`"${glob}"`, "utf8");
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x2a && bytes[i + 1] === 0x2a) return `Consecutive wildcard characters at pos ${i}`;
    if (bytes[i] === 0x5c) {
      if (bytes[i + 1] === 0x2a || bytes[i + 1] === 0x5c) i += 1;
      else return `Invalid escape character at pos ${i}`;
    }
  }
  return undefined;
}

export type Bound = { value: number; open: boolean };

/** A numeric range: numbers only; a string "5" is no number to it. */
export const inRange =
  (low: Bound | undefined, high: Bound | undefined): LeafTest =>
  (leaf) =>
    typeof leaf === "number" &&
    (low === undefined || (low.open ? leaf > low.value : leaf >= low.value)) &&
    (high === undefined || (high.open ? leaf < high.value : leaf <= high.value));

/**
 * Anything-but excludes what its form would match, of the same kind only: a number is never one of
 * the excluded strings nor starts with an excluded prefix, so it passes; null and booleans pass too.
 */
export const anythingBut =
  (excluded: LeafTest): LeafTest =>
  (leaf) =>
    !excluded(leaf);
