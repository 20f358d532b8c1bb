/** Signed remote control over a bus: only fresh, correctly signed, first-seen commands for this node act. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryMessageBus } from '../cluster/bus/memoryMessageBus.js';
import { createLogger, type LogFields } from '../common/logger.js';
import { signCommand, type ControlAction } from './controlCommand.js';
import { controlSubject } from './controlSubject.js';
import { RemoteControlResponder, type ControlReply } from './remoteControlResponder.js';
import { RemoteControlError, sendControlCommand } from './remoteControlClient.js';

const SECRET = 'a-shared-admin-secret-0123456789';
const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

function setup(now = () => 1_000_000) {
  const bus = new MemoryMessageBus();
  const acted: ControlAction[] = [];
  const logs: [string, LogFields | undefined][] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logs.push([line, undefined]) });
  const responder = new RemoteControlResponder({
    nodeId: 'node-2',
    bus,
    secret: SECRET,
    logger,
    now,
    actDelayMs: 0,
    actions: { drain: () => void acted.push('drain'), kill: () => void acted.push('kill'), unavailable: 'no supervisor' },
  });
  responder.start();
  const ask = async (body: unknown): Promise<ControlReply> => JSON.parse(new TextDecoder().decode(await bus.request(controlSubject('node-2'), encode(body), 500))) as ControlReply;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  return { bus, acted, logs, responder, ask, settle };
}

describe('remote control responder', () => {
  test('a fresh command signed with the secret for this node is carried out once', async () => {
    const { ask, acted, settle } = setup();
    const command = signCommand(SECRET, 'node-2', 'kill', 1_000_000);
    assert.deepEqual(await ask(command), { ok: true, action: 'kill' });
    await settle();
    assert.deepEqual(acted, ['kill']);
    const replay = await ask(command);
    assert.equal(replay.ok, false);
    assert.match(replay.error ?? '', /replayed/);
    await settle();
    assert.deepEqual(acted, ['kill'], 'the replay did nothing');
  });

  test('unsigned, wrongly signed, tampered, stale, wrong-node and malformed commands are refused and do nothing', async () => {
    const { ask, acted, settle, logs } = setup();
    const good = signCommand(SECRET, 'node-2', 'drain', 1_000_000);
    const cases: [string, unknown, RegExp][] = [
      ['unsigned', { nodeId: 'node-2', action: 'drain', issuedAt: 1_000_000, nonce: good.nonce }, /not signed/],
      ['wrong secret', signCommand('another-secret-of-16+chars', 'node-2', 'drain', 1_000_000), /bad signature/],
      ['garbage signature', { ...good, signature: 'zz' }, /bad signature/],
      ['action changed after signing', { ...signCommand(SECRET, 'node-2', 'drain', 1_000_000), action: 'kill' }, /bad signature/],
      ['stale', signCommand(SECRET, 'node-2', 'drain', 1_000_000 - 31_000), /stale/],
      ['from the future', signCommand(SECRET, 'node-2', 'drain', 1_000_000 + 31_000), /stale/],
      ['for another node', signCommand(SECRET, 'node-3', 'drain', 1_000_000), /for node-3, not node-2/],
      ['not JSON', 'kill please', /not JSON/],
      ['unknown action', { ...good, action: 'format-disk' }, /action must be one of/],
      ['bad nonce', { ...good, nonce: 'x' }, /nonce/],
    ];
    for (const [name, body, reason] of cases) {
      const reply = await ask(body);
      assert.equal(reply.ok, false, name);
      assert.match(reply.error ?? '', reason, name);
    }
    await settle();
    assert.deepEqual(acted, [], 'nothing was carried out');
    assert.equal(logs.filter(([line]) => line.includes('control_refused')).length, cases.length, 'every refusal is logged');
    assert.ok(!logs.some(([line]) => line.includes(SECRET)), 'the secret is never logged');
  });

  test('an action the host cannot do is refused with its reason', async () => {
    const { ask } = setup();
    const reply = await ask(signCommand(SECRET, 'node-2', 'restart', 1_000_000));
    assert.deepEqual(reply, { ok: false, action: 'restart', error: 'restart is not available on node-2: no supervisor' });
  });

  test('sendControlCommand signs with the secret and turns refusals and silence into RemoteControlError', async () => {
    const { bus, acted, settle } = setup();
    await sendControlCommand({ bus, secret: SECRET, nodeId: 'node-2', action: 'drain', now: () => 1_000_000 });
    await settle();
    assert.deepEqual(acted, ['drain']);
    await assert.rejects(sendControlCommand({ bus, secret: 'wrong-secret-wrong-secret', nodeId: 'node-2', action: 'kill', now: () => 1_000_000 }), (error: unknown) => error instanceof RemoteControlError && /refused kill: bad signature/.test(error.message));
    await assert.rejects(sendControlCommand({ bus, secret: SECRET, nodeId: 'node-9', action: 'kill', timeoutMs: 100 }), /node-9 did not answer on admin\.control\.node-9/);
  });

  test('a stopped responder no longer answers', async () => {
    const { responder, ask } = setup();
    responder.stop();
    await assert.rejects(ask(signCommand(SECRET, 'node-2', 'kill', 1_000_000)));
  });
});
