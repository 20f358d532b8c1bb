/**
 * Every chat node started with an admin secret answers signed commands on `admin.control.<id>`
 * (core request/reply, never stored). A command is carried out only if it is for this node,
 * signed with the shared secret, issued within the freshness window and never seen before;
 * anything else is refused with the reason and logged. The reply goes out before the action runs,
 * so a node told to crash can still say it accepted.
 */
import type { BusSubscription, MessageBus } from '../cluster/bus/messageBus.js';
import type { Logger } from '../common/logger.js';
import { hasValidSignature, parseCommand, type ControlAction } from './controlCommand.js';
import { controlSubject } from './controlSubject.js';
import { NonceWindow } from './nonceWindow.js';

/** What the node's host does for each action; an absent action is refused with `unavailable`. */
export interface NodeControlActions {
  drain?: () => Promise<void> | void;
  kill?: () => Promise<void> | void;
  restart?: () => Promise<void> | void;
  /** Why the absent actions are absent (shown to the console). */
  unavailable?: string;
}

export interface ControlReply {
  ok: boolean;
  action?: ControlAction;
  error?: string;
}

export interface RemoteControlResponderDeps {
  nodeId: string;
  bus: MessageBus;
  secret: string;
  actions: NodeControlActions;
  logger: Logger;
  now?: () => number;
  /** How far issuedAt may be from this node's clock. Default 30 s. */
  windowMs?: number;
  /** Delay between the reply and the action, so the reply leaves first. Default 50 ms. */
  actDelayMs?: number;
}

const encoder = new TextEncoder();

export class RemoteControlResponder {
  private subscription: BusSubscription | undefined;
  private readonly nonces: NonceWindow;
  private readonly now: () => number;
  private readonly windowMs: number;

  constructor(private readonly deps: RemoteControlResponderDeps) {
    this.now = deps.now ?? Date.now;
    this.windowMs = deps.windowMs ?? 30_000;
    this.nonces = new NonceWindow(this.windowMs);
  }

  start(): void {
    if (this.subscription) return;
    this.subscription = this.deps.bus.serve(controlSubject(this.deps.nodeId), (data) => encoder.encode(JSON.stringify(this.handle(data))));
  }

  stop(): void {
    try {
      this.subscription?.unsubscribe();
    } catch (error) {
      this.deps.logger.debug('control_unserve_failed', { error: error instanceof Error ? error.message : String(error) });
    }
    this.subscription = undefined;
  }

  /** Checks one command and, if it passes, schedules its action. */
  handle(data: Uint8Array): ControlReply {
    const checked = this.check(data);
    if ('refused' in checked) {
      this.deps.logger.warn('control_refused', { reason: checked.refused });
      return { ok: false, error: checked.refused };
    }
    const { action } = checked;
    const run = this.deps.actions[action];
    if (!run) return { ok: false, action, error: `${action} is not available on ${this.deps.nodeId}${this.deps.actions.unavailable ? `: ${this.deps.actions.unavailable}` : ''}` };
    this.deps.logger.warn('control_accepted', { action });
    const timer = setTimeout(() => {
      Promise.resolve()
        .then(run)
        .catch((error: unknown) => this.deps.logger.error('control_action_failed', { action, error: error instanceof Error ? error.message : String(error) }));
    }, this.deps.actDelayMs ?? 50);
    timer.unref?.();
    return { ok: true, action };
  }

  private check(data: Uint8Array): { action: ControlAction } | { refused: string } {
    const refused = (reason: string) => ({ refused: reason });
    const command = parseCommand(data);
    if (typeof command === 'string') return refused(command);
    if (command.nodeId !== this.deps.nodeId) return refused(`the command is for ${command.nodeId.slice(0, 64)}, not ${this.deps.nodeId}`);
    if (!hasValidSignature(this.deps.secret, command)) return refused('bad signature (is the console using this cluster\'s --admin-secret?)');
    const skew = this.now() - command.issuedAt;
    if (Math.abs(skew) > this.windowMs) return refused(`stale command: issued ${Math.round(skew / 1000)} s from this node's clock (window ${this.windowMs / 1000} s)`);
    const seen = this.nonces.accept(command.nonce, this.now());
    if (seen === 'replayed') return refused('replayed command: this nonce was already used');
    if (seen === 'full') return refused('too many commands in the freshness window; try again later');
    return { action: command.action };
  }
}
