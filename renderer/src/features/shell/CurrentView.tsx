/* @jsxRuntime automatic */
import { useConsole } from '../../store/index.js';
import { PresenceView } from '../presence/index.js';
import { SettingsView } from '../settings/index.js';
import { TopologyView } from '../topology/index.js';

export function CurrentView() {
  const view = useConsole((state) => state.view);
  switch (view) {
    case 'presence':
      return <PresenceView />;
    case 'settings':
      return <SettingsView />;
    case 'topology':
    default:
      return <TopologyView />;
  }
}
