/**
 * Drain, kill and restart, whatever the node: a node inside this console (sandbox nodes) is
 * controlled by the ConsoleHost directly; a node process this console launched, through its
 * process (signals, start again); any other node of the cluster through a command signed with the
 * console's --admin-secret on `admin.control.<id>`, which the node checks itself.
 */
import type { ControllableNode, NodeAction } from '../../../contract/index.js';
import { RemoteControlError, sendControlCommand } from '../../control/index.js';
import { AdminError } from '../adminErrors.js';
import type { ConsoleHost } from '../consoleHost.js';
import type { LocalNodes } from './localNodes.js';
import type { LocalServers } from './localServers.js';

export class NodeControl {
  constructor(
    private readonly host: ConsoleHost,
    private readonly now: () => number,
    private readonly local: LocalNodes,
    private readonly servers: LocalServers,
  ) {}

  /** A NATS server or Redis (not a chat node): a scenario does not wait for the registry or presence after acting on it. */
  isServer(id: string): boolean {
    return this.servers.has(id);
  }

  get remoteControl(): boolean {
    return this.host.nodeConfig.adminSecret !== null;
  }

  /** Every node the registry knows, plus in-process nodes that are down, with what can be done to each. */
  async list(): Promise<ControllableNode[]> {
    const registered = this.host.running ? await this.host.backends.registry.list().catch(() => []) : [];
    const down = new Map(this.host.downNodes().map((node) => [node.id, node.how]));
    const launched = new Map(this.local.list().map((node) => [node.id, node.running]));
    const ids = [...new Set([...registered.map((node) => node.id), ...this.host.nodes().map((node) => node.id), ...down.keys(), ...launched.keys()])].sort();
    const nodes = ids.map((id): ControllableNode => {
      const processRunning = launched.get(id);
      if (processRunning !== undefined) {
        return { id, route: 'local-process', running: processRunning, actions: processRunning ? ['drain', 'kill', 'restart'] : ['restart'], note: processRunning ? 'launched by this console' : 'its process is down' };
      }
      const local = this.host.isInProcess(id) || down.has(id);
      if (local) {
        if (this.host.mode === 'cluster' && id === this.host.nodeConfig.id) {
          return { id, route: 'in-process', running: true, actions: [], note: "the console's own node: stop the console instead" };
        }
        const running = this.host.isInProcess(id);
        const how = down.get(id);
        return { id, route: 'in-process', running, actions: running ? ['drain', 'kill', 'restart'] : ['restart'], note: how ? `${how === 'kill' ? 'killed' : 'drained'} by this console` : null };
      }
      const health = registered.find((node) => node.id === id)?.health;
      const running = health !== undefined && health !== 'critical';
      if (!this.remoteControl) return { id, route: 'remote', running, actions: [], note: 'remote control is off: start the console and the nodes with the same --admin-secret' };
      return { id, route: 'remote', running, actions: running ? ['drain', 'kill'] : [], note: 'restart is up to the node’s supervisor' };
    });
    return [...this.servers.list(), ...nodes];
  }

  async control(nodeId: string, action: NodeAction): Promise<void> {
    if (this.servers.has(nodeId)) {
      await this.servers.control(nodeId, action);
      return;
    }
    if (this.local.has(nodeId)) {
      await this.local.control(nodeId, action);
      return;
    }
    if (this.host.isInProcess(nodeId) || this.host.downNodes().some((node) => node.id === nodeId)) {
      await this.host.controlNode(nodeId, action);
      return;
    }
    const secret = this.host.nodeConfig.adminSecret;
    if (secret === null) throw new AdminError('NOT_AVAILABLE', `${nodeId} runs in another process: start the console with the cluster's --admin-secret (or CHAT_ADMIN_SECRET) to control it`);
    try {
      await sendControlCommand({ bus: this.host.backends.bus, secret, nodeId, action, now: this.now });
    } catch (error) {
      if (error instanceof RemoteControlError) throw new AdminError('NOT_AVAILABLE', error.message);
      throw error;
    }
  }
}
