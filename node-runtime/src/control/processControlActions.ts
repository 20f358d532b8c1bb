/**
 * What a node running as its own process (the CLI) does on a remote command: drain = SIGTERM to
 * itself (the CLI's graceful stop: deregister, close, clean presence, exit 0); kill = SIGKILL to
 * itself, a real crash. A process cannot start itself again, so restart is left to its supervisor.
 */
import type { NodeControlActions } from './remoteControlResponder.js';

export function processControlActions(signal: (signal: NodeJS.Signals) => void = (name) => process.kill(process.pid, name)): NodeControlActions {
  return {
    drain: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    unavailable: 'a node process cannot start itself again; its supervisor (systemd, a compose restart policy) or the console that launched it restarts it',
  };
}
