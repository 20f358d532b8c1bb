/** Argument checks of the Test lab methods (IPC and HTTP callers are untrusted). */
import type { BlastSpec, CreateLabUsersRequest, LabMethods, LabNodeChoice, SendLabMessageRequest } from '../../../contract/index.js';
import type { FeatureValidators } from '../adminFeature.js';
import { bad, integer, NODE_ID, noArgument, record, text } from '../adminArgumentChecks.js';
import { MAX_LAB_USERS } from './labUsers.js';

export const MAX_BLAST_RATE = 20_000;
export const MAX_BLAST_DURATION_MS = 600_000;
/** The default frame cap (8192) less the JSON around the content of a 208. */
export const MAX_LAB_PAYLOAD = 7936;
const MAX_CONTENT = 4000;

function nodeChoice(method: string, value: unknown): LabNodeChoice {
  const fields = record(method, value, ['kind', 'nodeId']);
  const kind = text(method, fields, 'kind', 20);
  if (kind === 'spread' || kind === 'least-loaded') {
    if (fields['nodeId'] !== undefined) throw bad(method, `field "nodes.nodeId" is only for kind "node"`);
    return { kind };
  }
  if (kind !== 'node') throw bad(method, 'field "nodes.kind" must be "node", "spread" or "least-loaded"');
  const nodeId = text(method, fields, 'nodeId', 128);
  if (!NODE_ID.test(nodeId)) throw bad(method, 'field "nodes.nodeId" is not a node id (letters, digits, "_", "-")');
  return { kind: 'node', nodeId };
}

function createLabUsers(arg: unknown): CreateLabUsersRequest {
  const fields = record('createLabUsers', arg, ['count', 'nodes']);
  return { count: integer('createLabUsers', fields, 'count', 1, MAX_LAB_USERS), nodes: nodeChoice('createLabUsers', fields['nodes'] ?? { kind: 'spread' }) };
}

function sendLabMessage(arg: unknown): SendLabMessageRequest {
  const method = 'sendLabMessage';
  const fields = record(method, arg, ['kind', 'from', 'to', 'content']);
  const kind = text(method, fields, 'kind', 10);
  if (kind !== 'p2p' && kind !== 'group') throw bad(method, 'field "kind" must be "p2p" or "group"');
  const from = text(method, fields, 'from', 60);
  const to = text(method, fields, 'to', 60, '');
  const content = text(method, fields, 'content', MAX_CONTENT);
  if (from === '') throw bad(method, 'field "from" must name a lab user');
  if (kind === 'p2p' && to === '') throw bad(method, 'field "to" must name a lab user for a p2p message');
  if (content === '') throw bad(method, 'field "content" must not be empty');
  return { kind, from, to, content };
}

function startBlast(arg: unknown): BlastSpec {
  const method = 'startBlast';
  const fields = record(method, arg, ['pattern', 'ratePerSec', 'durationMs', 'payloadBytes']);
  const pattern = text(method, fields, 'pattern', 10);
  if (pattern !== 'p2p' && pattern !== 'group') throw bad(method, 'field "pattern" must be "p2p" or "group"');
  return {
    pattern,
    ratePerSec: integer(method, fields, 'ratePerSec', 1, MAX_BLAST_RATE),
    durationMs: integer(method, fields, 'durationMs', 1000, MAX_BLAST_DURATION_MS),
    payloadBytes: integer(method, fields, 'payloadBytes', 16, MAX_LAB_PAYLOAD, 64),
  };
}

export const LAB_ARGUMENTS: FeatureValidators<LabMethods> = {
  getLabState: noArgument('getLabState'),
  createLabUsers,
  closeLabUsers: noArgument('closeLabUsers'),
  sendLabMessage,
  startBlast,
  stopBlast: noArgument('stopBlast'),
};
