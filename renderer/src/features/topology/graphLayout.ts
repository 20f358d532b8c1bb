import type { PortName } from '../../../../node-runtime/contract/index.js';

/** Fixed drawing space of the topology graph (the SVG scales it to its box). */
export const GRAPH_WIDTH = 800;
export const GRAPH_HEIGHT = 460;
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
  registry: { x: 100, y: GRAPH_HEIGHT / 2 },
  presence: { x: GRAPH_WIDTH - 100, y: GRAPH_HEIGHT / 2 },
};

/** Nodes on an ellipse around the centre, the first at the top; one node sits in the middle. */
export function nodePositions(count: number): Point[] {
  const centre = { x: GRAPH_WIDTH / 2, y: GRAPH_HEIGHT / 2 };
  if (count <= 1) return count === 1 ? [centre] : [];
  const rx = 170;
  const ry = 110;
  return Array.from({ length: count }, (_, index) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
    return { x: Math.round(centre.x + rx * Math.cos(angle)), y: Math.round(centre.y + ry * Math.sin(angle)) };
  });
}
