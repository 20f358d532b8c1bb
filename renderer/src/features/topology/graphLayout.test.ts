import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKEND_BOX, BACKEND_POSITIONS, GRAPH_HEIGHT, GRAPH_WIDTH, NODE_RADIUS, nodeLabelBox, nodePositions } from './graphLayout.js';

const overlaps = (a: { left: number; right: number; top: number; bottom: number }, b: typeof a) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

test('no node, and no node label, overlaps a backend box or leaves the drawing, for 1 to 16 nodes', () => {
  const boxes = Object.entries(BACKEND_POSITIONS).map(([port, at]) => ({
    port,
    left: at.x - BACKEND_BOX.width / 2,
    right: at.x + BACKEND_BOX.width / 2,
    top: at.y - BACKEND_BOX.height / 2,
    bottom: at.y + BACKEND_BOX.height / 2,
  }));
  for (let count = 1; count <= 16; count++) {
    for (const at of nodePositions(count)) {
      const circle = { left: at.x - NODE_RADIUS, right: at.x + NODE_RADIUS, top: at.y - NODE_RADIUS, bottom: at.y + NODE_RADIUS };
      const label = nodeLabelBox(at);
      for (const box of boxes) {
        assert.ok(!overlaps(circle, box), `${count} nodes: the node at ${at.x},${at.y} covers the ${box.port} box`);
        assert.ok(!overlaps(label, box), `${count} nodes: the label of the node at ${at.x},${at.y} covers the ${box.port} box`);
      }
      assert.ok(label.bottom <= GRAPH_HEIGHT && circle.left >= 0 && circle.right <= GRAPH_WIDTH, `${count} nodes: ${at.x},${at.y} leaves the drawing`);
    }
  }
});
