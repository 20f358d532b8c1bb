/** Per-second rates (msgs, bytes; per class and per publishing node), kept for the current second. */
import { TRAFFIC_CLASSES, type TrafficClass, type TrafficRatePoint } from '../../../contract/index.js';

/** Nodes named per point; more (a hostile publisher inventing names) are summed under '…'. */
const MAX_NODES = 32;
/** A silent gap longer than this yields this many zero points, not one per second. */
const MAX_GAP_POINTS = 5;

export class RateWindow {
  private point: TrafficRatePoint;
  private readonly completed: TrafficRatePoint[] = [];

  constructor(now: number) {
    this.point = emptyPoint(second(now));
  }

  add(now: number, cls: TrafficClass, node: string | null, bytes: number): void {
    if (now >= this.point.at + 1000) this.roll(now);
    const point = this.point;
    point.msgs++;
    point.bytes += bytes;
    point.byClass[cls]++;
    point.bytesByClass[cls] += bytes;
    let key = node ?? '?';
    if (!(key in point.byNode) && Object.keys(point.byNode).length >= MAX_NODES) key = '…';
    point.byNode[key] = (point.byNode[key] ?? 0) + 1;
  }

  /** The seconds completed since the last call. */
  takeCompleted(now: number): TrafficRatePoint[] {
    if (now >= this.point.at + 1000) this.roll(now);
    return this.completed.splice(0);
  }

  private roll(now: number): void {
    this.completed.push(this.point);
    const target = second(now);
    let at = this.point.at + 1000;
    if (target - at > MAX_GAP_POINTS * 1000) at = target - MAX_GAP_POINTS * 1000;
    for (; at < target; at += 1000) this.completed.push(emptyPoint(at));
    this.point = emptyPoint(target);
  }
}

function second(now: number): number {
  return Math.floor(now / 1000) * 1000;
}

function emptyPoint(at: number): TrafficRatePoint {
  const zero = () => Object.fromEntries(TRAFFIC_CLASSES.map((cls) => [cls, 0])) as Record<TrafficClass, number>;
  return { at, msgs: 0, bytes: 0, byClass: zero(), bytesByClass: zero(), byNode: {} };
}
