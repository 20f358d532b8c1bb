/**
 * The argument of each admin method, checked before any handler runs: IPC and HTTP callers are
 * untrusted, so every shape is verified field by field and a refusal names the field.
 */
import type { AdminMethodName, AdminMethods, ConsoleSettingsInput, PresencePageRequest } from '../../contract/index.js';
import { ConfigError } from '../common/errors.js';
import { REGISTRY_CHOICES, SETTINGS_FIELDS, validateConsoleSettings } from '../config/consoleSettingsFile.js';
import { bad, noArgument, nodeIdField, record, text } from './adminArgumentChecks.js';
import { FAILOVER_ARGUMENTS } from './failover/failoverArguments.js';
import { LAB_ARGUMENTS } from './lab/labArguments.js';
import { TRAFFIC_ARGUMENTS } from './traffic/trafficArguments.js';

export const PRESENCE_PAGE_MAX = 500;
const MAX_SEARCH = 200;
const MAX_CURSOR = 1024;
const MAX_PREFIX = 512;

type Validators = { [M in AdminMethodName]: (arg: unknown) => AdminMethods[M][0] };

function listPresence(arg: unknown): PresencePageRequest {
  const method = 'listPresence';
  const fields = record(method, arg, ['cursor', 'limit', 'search']);
  const cursor = fields['cursor'] ?? null;
  if (cursor !== null && (typeof cursor !== 'string' || cursor.length > MAX_CURSOR)) {
    throw bad(method, `field "cursor" must be null or a cursor returned by a previous page`);
  }
  const limit = fields['limit'];
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > PRESENCE_PAGE_MAX) {
    throw bad(method, `field "limit" must be a whole number from 1 to ${PRESENCE_PAGE_MAX}`);
  }
  return { cursor, limit, search: text(method, fields, 'search', MAX_SEARCH, '') };
}

function browseKv(arg: unknown): { prefix: string } {
  const method = 'browseKv';
  const fields = record(method, arg, ['prefix']);
  return { prefix: text(method, fields, 'prefix', MAX_PREFIX) };
}

function removeSandboxNode(arg: unknown): { nodeId: string } {
  const method = 'removeSandboxNode';
  return { nodeId: nodeIdField(method, record(method, arg, ['nodeId'])) };
}

const MAX_SETTING = 2048;

/** The four cluster settings (all strings, empty = not set), checked like the node's flags; a refusal names the field. */
function saveSettings(arg: unknown): ConsoleSettingsInput {
  const method = 'saveSettings';
  const fields = record(method, arg, SETTINGS_FIELDS);
  const [nats, redis, consul, registry] = SETTINGS_FIELDS.map((field) => text(method, fields, field, MAX_SETTING, ''));
  if (!(REGISTRY_CHOICES as readonly string[]).includes(registry as string)) throw bad(method, 'field "registry" must be consul, nats, memory or empty');
  try {
    return validateConsoleSettings({ nats: nats as string, redis: redis as string, consul: consul as string, registry: registry as ConsoleSettingsInput['registry'] });
  } catch (error) {
    if (error instanceof ConfigError) throw bad(method, error.message);
    throw error;
  }
}

export const ADMIN_ARGUMENTS: Validators = {
  getInfo: noArgument('getInfo'),
  getOverview: noArgument('getOverview'),
  listPresence,
  browseKv,
  addSandboxNode: noArgument('addSandboxNode'),
  removeSandboxNode,
  getSettings: noArgument('getSettings'),
  saveSettings,
  ...TRAFFIC_ARGUMENTS,
  ...LAB_ARGUMENTS,
  ...FAILOVER_ARGUMENTS,
};

/** The argument of `method`, checked; throws AdminError('BAD_ARGUMENT') naming the field. */
export function validateAdminArgument<M extends AdminMethodName>(method: M, arg: unknown): AdminMethods[M][0] {
  return (ADMIN_ARGUMENTS[method] as (value: unknown) => AdminMethods[M][0])(arg);
}
