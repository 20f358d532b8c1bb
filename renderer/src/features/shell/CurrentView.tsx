/* @jsxRuntime automatic */
import { useConsole } from '../../store/index.js';
import { FailoverView } from '../failover/index.js';
import { PresenceView } from '../presence/index.js';
import { SettingsView } from '../settings/index.js';
import { TestLabView } from '../testLab/index.js';
import { TopologyView } from '../topology/index.js';
import { TrafficView } from '../traffic/index.js';

export function CurrentView() {
  const view = useConsole((state) => state.view);
  switch (view) {
    case 'presence':
      return <PresenceView />;
    case 'traffic':
      return <TrafficView />;
    case 'testLab':
      return <TestLabView />;
    case 'failover':
      return <FailoverView />;
    case 'settings':
      return <SettingsView />;
    case 'topology':
    default:
      return <TopologyView />;
  }
}
