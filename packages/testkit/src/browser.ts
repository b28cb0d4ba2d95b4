import type { Page } from "playwright-core";

/** The little of the DOM the check reads (the testkit compiles without the DOM's types). */
type Card = {
  scrollWidth: number;
  clientWidth: number;
  className: string;
  querySelector(selector: string): { textContent: string | null } | null;
};
type Window = {
  document: { querySelectorAll(selector: string): ArrayLike<Card> };
  getComputedStyle(card: Card): { overflowX: string };
};

/**
 * The cards on the page wider than they are: something in them runs past their right edge. A card
 * that scrolls itself (the journey's box) keeps what is wide inside it and is not counted.
 *
 * @example
 * expect(await overflowingCards(page)).toEqual([]);
 */
export function overflowingCards(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const window = globalThis as unknown as Window;
    return Array.from(window.document.querySelectorAll(".card"))
      .filter((card) => !/auto|scroll/.test(window.getComputedStyle(card).overflowX))
      .filter((card) => card.scrollWidth > card.clientWidth + 1)
      .map((card) => card.querySelector("h2")?.textContent ?? card.className);
  });
}
