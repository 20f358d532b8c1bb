import type { ViewId } from '../../store/index.js';

export interface ViewEntry {
  id: ViewId;
  label: string;
  /** Only ready views are shown in the navigation. */
  ready: boolean;
}

/** Every view the console will have; later ones are declared now and shown when they exist. */
export const VIEWS: readonly ViewEntry[] = [
  { id: 'topology', label: 'Topology', ready: true },
  { id: 'presence', label: 'Presence', ready: true },
  { id: 'traffic', label: 'Traffic', ready: true },
  { id: 'testLab', label: 'Test lab', ready: true },
  { id: 'failover', label: 'Failover', ready: true },
  { id: 'settings', label: 'Settings', ready: true },
];

export const READY_VIEWS: readonly ViewEntry[] = VIEWS.filter((view) => view.ready);
