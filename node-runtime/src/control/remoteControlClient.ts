/** The console's side of remote control: one signed command, one reply, or an error that says why. */
import type { MessageBus } from '../cluster/bus/messageBus.js';
import { signCommand, type ControlAction } from './controlCommand.js';
import { controlSubject } from './controlSubject.js';
import type { ControlReply } from './remoteControlResponder.js';

export class RemoteControlError extends Error {
  override readonly name = 'RemoteControlError';
}

export async function sendControlCommand(options: {
  bus: MessageBus;
  secret: string;
  nodeId: string;
  action: ControlAction;
  now?: () => number;
  timeoutMs?: number;
}): Promise<ControlReply> {
  const command = signCommand(options.secret, options.nodeId, options.action, (options.now ?? Date.now)());
  let raw: Uint8Array;
  try {
    raw = await options.bus.request(controlSubject(options.nodeId), new TextEncoder().encode(JSON.stringify(command)), options.timeoutMs ?? 3000);
  } catch (error) {
    throw new RemoteControlError(
      `${options.nodeId} did not answer on ${controlSubject(options.nodeId)} (is it running, started with --admin-secret?): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const reply = JSON.parse(new TextDecoder().decode(raw)) as ControlReply;
  if (!reply.ok) throw new RemoteControlError(`${options.nodeId} refused ${options.action}: ${reply.error ?? 'no reason given'}`);
  return reply;
}
