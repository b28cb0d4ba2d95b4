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

type Rect = { left: number; top: number; right: number; bottom: number };
type Shape = {
  getBoundingClientRect(): Rect;
  getAttribute(name: string): string | null;
  textContent: string | null;
  classList: { contains(name: string): boolean };
  querySelector(selector: string): Shape | null;
  querySelectorAll(selector: string): ArrayLike<Shape>;
};

/**
 * The architecture drawing as Chromium renders it, with its real fonts (the layout measured text by a
 * fixed advance): a box's text running out of its box, an edge label's text out of its tag or over
 * another edge label or a box. None: it reads cleanly on screen.
 *
 * @example
 * expect(await drawingClashes(page, ".architecture svg")).toEqual([]);
 */
export function drawingClashes(page: Page, svg: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const root = (
      globalThis as unknown as { document: { querySelector(s: string): Shape | null } }
    ).document.querySelector(selector);
    if (!root) return [`no drawing at ${selector}`];
    const problems: string[] = [];
    const inside = (a: Rect, b: Rect) =>
      a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
    const overlap = (a: Rect, b: Rect) =>
      a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const boxes: { id: string; rect: Rect }[] = [];
    for (const node of Array.from(root.querySelectorAll("g[data-node]"))) {
      const id = node.getAttribute("data-node") ?? "";
      const frame = node.querySelector("rect")?.getBoundingClientRect();
      if (!frame) continue;
      const workflow = node.classList.contains("node-workflow");
      for (const text of Array.from(node.querySelectorAll("text"))) {
        if (!inside(text.getBoundingClientRect(), frame)) problems.push(`"${text.textContent}" runs out of box ${id}`);
        if (workflow) boxes.push({ id: `${id} title`, rect: text.getBoundingClientRect() });
      }
      if (!workflow) boxes.push({ id, rect: frame });
    }
    const labels: { id: string; rect: Rect }[] = [];
    for (const edge of Array.from(root.querySelectorAll("g.edge"))) {
      const id = edge.getAttribute("data-edge") ?? "";
      const tag = edge.querySelector("rect.tag")?.getBoundingClientRect();
      const text = edge.querySelector("text");
      if (!tag || !text) continue;
      const rect = text.getBoundingClientRect();
      if (!inside(rect, tag)) problems.push(`"${text.textContent}" runs out of its tag on ${id}`);
      for (const other of labels)
        if (overlap(rect, other.rect)) problems.push(`label on ${id} overlaps label on ${other.id}`);
      for (const box of boxes) if (overlap(rect, box.rect)) problems.push(`label on ${id} overlaps box ${box.id}`);
      labels.push({ id, rect });
    }
    return problems;
  }, svg);
}
