import type { PortName } from '../../../../node-runtime/contract/index.js';

/** Fixed drawing space of the topology graph (the SVG scales it to its box). */
export const GRAPH_WIDTH = 800;
export const GRAPH_HEIGHT = 480;
export const NODE_RADIUS = 34;
export const BACKEND_BOX = { width: 170, height: 48 } as const;

export interface Point {
  x: number;
  y: number;
}

/** The four backends around the nodes: bus above, store below, registry and presence at the sides. */
export const BACKEND_POSITIONS: Record<PortName, Point> = {
  bus: { x: GRAPH_WIDTH / 2, y: 34 },
  store: { x: GRAPH_WIDTH / 2, y: GRAPH_HEIGHT - 34 },
  // The side boxes sit above the middle: node labels hang below their nodes.
  registry: { x: 100, y: GRAPH_HEIGHT / 2 - 60 },
  presence: { x: GRAPH_WIDTH - 100, y: GRAPH_HEIGHT / 2 - 60 },
};

/** Nodes on an ellipse around the centre, the first at the top; one node sits in the middle. */
export function nodePositions(count: number): Point[] {
  const centre = { x: GRAPH_WIDTH / 2, y: GRAPH_HEIGHT / 2 };
  if (count <= 1) return count === 1 ? [centre] : [];
  // ry leaves room under the bottom node for its two label lines above the store box.
  const rx = 170;
  const ry = 100;
  return Array.from({ length: count }, (_, index) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
    return { x: Math.round(centre.x + rx * Math.cos(angle)), y: Math.round(centre.y + ry * Math.sin(angle)) };
  });
}

/** Where a node's two label lines (id · health, rate · NATS server) are drawn, below its circle. */
export function nodeLabelBox(at: Point): { left: number; right: number; top: number; bottom: number } {
  return { left: at.x - 90, right: at.x + 90, top: at.y + NODE_RADIUS + 4, bottom: at.y + NODE_RADIUS + 40 };
}
