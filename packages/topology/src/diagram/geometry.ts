import type { Box, Placed, Point } from "./layout";

/** How deep the workflow's title strip is: its member boxes sit below it. */
const TITLE = 30;

const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** a box shrunk by `by` on every side: an edge may touch the boxes it connects, and end on their border */
const inset = (box: Box, by: number): Box => ({
  x: box.x + by,
  y: box.y + by,
  width: box.width - 2 * by,
  height: box.height - 2 * by,
});
/** an axis-parallel segment as a zero-width box (ELK's routes here are orthogonal) */
const segment = (a: Point, b: Point): Box => ({
  x: Math.min(a.x, b.x),
  y: Math.min(a.y, b.y),
  width: Math.max(Math.abs(a.x - b.x), 0.01),
  height: Math.max(Math.abs(a.y - b.y), 0.01),
});

/**
 * What makes a drawing hard to read, found in the placed graph: an edge label over another label or a
 * box, an edge through a box it does not connect, an edge that is not orthogonal. A workflow counts as
 * its title strip (edges and labels may cross its inside, around its functions). None: it reads cleanly.
 *
 * @example
 * const problems = clashes(await place(architecture()));
 * if (problems.length > 0) throw new Error(problems.join("\n"));
 */
export function clashes(placed: Placed): string[] {
  const problems: string[] = [];
  const solids = placed.nodes.map(({ node, box }) => ({
    id: node.id,
    box: node.kind === "workflow" ? { ...box, height: TITLE } : box,
  }));
  const labels = placed.edges.flatMap(({ edge, label }) =>
    label ? [{ id: `${edge.from}->${edge.to}`, box: label }] : [],
  );
  labels.forEach((a, i) => {
    for (const b of labels.slice(i + 1))
      if (intersects(a.box, b.box)) problems.push(`label ${a.id} overlaps label ${b.id}`);
    for (const solid of solids)
      if (intersects(a.box, solid.box)) problems.push(`label ${a.id} overlaps box ${solid.id}`);
  });
  for (const { edge, points } of placed.edges) {
    const id = `${edge.from}->${edge.to}`;
    if (points.length < 2) problems.push(`edge ${id} has no route`);
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1] as Point;
      const b = points[i] as Point;
      if (a.x !== b.x && a.y !== b.y) problems.push(`edge ${id} has a slanted segment`);
      for (const solid of solids) {
        if (solid.id === edge.from || solid.id === edge.to) continue;
        if (intersects(segment(a, b), inset(solid.box, 1))) problems.push(`edge ${id} passes through box ${solid.id}`);
      }
    }
  }
  return problems;
}
