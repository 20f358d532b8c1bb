/**
 * Decoding and validating `PUT /v1/agent/service/register` bodies the way the agent does: Go JSON
 * field matching (case-insensitive, snake_case aliases, unknown fields ignored, wrong types fail
 * the decode), then `Missing service name`, `Invalid service address`, `Invalid Weights: …`,
 * `Invalid Service Meta: …`, `Invalid check: …` and the check-status message, in that order.
 * Check IDs follow agent rules: `service:<id>` for a single check, `service:<id>:<n>` (1-based,
 * `Check` first, then `Checks`) for several, an explicit CheckID verbatim.
 */
import { durationField, GoParseError, jsonType } from './goValues.js';
import { HttpError } from './router.js';

export interface CheckTypeDef {
  checkId: string;
  name: string;
  notes: string;
  status: string;
  ttlMs: number | undefined;
  intervalMs: number | undefined;
  timeoutMs: number | undefined;
  tcp: string;
  http: string;
  method: string;
  header: Record<string, string[]> | undefined;
  body: string;
  deregisterAfterMs: number | undefined;
  deregisterAfterRaw: string;
}

export interface ServiceDefinition {
  id: string;
  name: string;
  tags: string[] | null;
  address: string;
  port: number;
  meta: Record<string, string> | null;
  taggedAddresses: Record<string, { Address: string; Port: number }>;
  weights: { Passing: number; Warning: number };
  enableTagOverride: boolean;
  checks: CheckTypeDef[];
}

type Json = Record<string, unknown>;

/** Go json + Consul's TranslateKeys: `deregister_critical_service_after` and `DeregisterCriticalServiceAfter` are one field. */
function field(object: Json, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(object)) if (key.replace(/_/g, '').toLowerCase() === wanted) return value;
  return undefined;
}

function decodeError(message: string): HttpError {
  return new HttpError(400, `Request decode failed: ${message}`);
}

function typed<T>(value: unknown, goType: string, path: string, accept: (v: unknown) => v is T): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (!accept(value)) throw decodeError(`json: cannot unmarshal ${jsonType(value)} into Go struct field ${path} of type ${goType}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isStringMap = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every(isString);

/** JSON.parse with Go-flavoured decode errors (`EOF`, `invalid character …`). */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw decodeError('EOF');
  try {
    return JSON.parse(text);
  } catch {
    const first = text.trim()[0] ?? '';
    if (!/[[{"\-\d]|t|f|n/.test(first)) throw decodeError(`invalid character '${first}' looking for beginning of value`);
    throw decodeError('unexpected EOF');
  }
}

function duration(object: Json, name: string, path: string): number | undefined {
  try {
    return durationField(field(object, name), path);
  } catch (error) {
    if (error instanceof GoParseError) throw decodeError(error.message);
    throw error;
  }
}

function decodeCheck(raw: unknown, path: string): CheckTypeDef | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw decodeError(`json: cannot unmarshal ${jsonType(raw)} into Go struct field ${path} of type structs.CheckType`);
  const header = typed(field(raw, 'Header'), 'map[string][]string', `${path}.Header`, (v): v is Record<string, string[]> => isObject(v) && Object.values(v).every(isStringArray));
  const deregisterRaw = field(raw, 'DeregisterCriticalServiceAfter');
  const check: CheckTypeDef = {
    checkId: typed(field(raw, 'CheckID'), 'types.CheckID', `${path}.CheckID`, isString) ?? '',
    name: typed(field(raw, 'Name'), 'string', `${path}.Name`, isString) ?? '',
    notes: typed(field(raw, 'Notes'), 'string', `${path}.Notes`, isString) ?? '',
    status: typed(field(raw, 'Status'), 'string', `${path}.Status`, isString) ?? '',
    ttlMs: duration(raw, 'TTL', `${path}.TTL`),
    intervalMs: duration(raw, 'Interval', `${path}.Interval`),
    timeoutMs: duration(raw, 'Timeout', `${path}.Timeout`),
    tcp: typed(field(raw, 'TCP'), 'string', `${path}.TCP`, isString) ?? '',
    http: typed(field(raw, 'HTTP'), 'string', `${path}.HTTP`, isString) ?? '',
    method: typed(field(raw, 'Method'), 'string', `${path}.Method`, isString) ?? '',
    header,
    body: typed(field(raw, 'Body'), 'string', `${path}.Body`, isString) ?? '',
    deregisterAfterMs: duration(raw, 'DeregisterCriticalServiceAfter', `${path}.DeregisterCriticalServiceAfter`),
    deregisterAfterRaw: typeof deregisterRaw === 'string' ? deregisterRaw : '',
  };
  const empty = Object.values(check).every((value) => value === '' || value === undefined);
  return empty ? undefined : check;
}

/** CheckType.Validate(). */
function validateCheck(check: CheckTypeDef): string | undefined {
  const intervalCheck = check.tcp !== '' || check.http !== '';
  const interval = check.intervalMs ?? 0;
  const ttl = check.ttlMs ?? 0;
  if (interval > 0 && ttl > 0) return 'Interval and TTL cannot both be specified';
  if (intervalCheck && interval <= 0) return 'Interval must be > 0 for Script, HTTP, H2PING, TCP or UDP checks';
  if (!intervalCheck && ttl <= 0) return 'TTL must be > 0 for TTL checks';
  return undefined;
}

/** structs.ValidateServiceMetadata. */
function validateMeta(meta: Record<string, string>): string | undefined {
  const entries = Object.entries(meta);
  if (entries.length > 64) return 'Service metadata cannot contain more than 64 key/value pairs';
  for (const [key, value] of entries) {
    let problem: string | undefined;
    if (key === '') problem = 'Key cannot be blank';
    else if (!/^[a-zA-Z0-9_-]+$/.test(key)) problem = 'Key contains invalid characters';
    else if (key.length > 128) problem = 'Key is too long (limit: 128 characters)';
    else if (key.startsWith('consul-')) problem = "Key prefix 'consul-' is reserved for internal use";
    else if (value.length > 512) problem = 'Value is too long (limit: 512 characters)';
    if (problem) return `Couldn't load metadata pair ('${key}', '${value}'): ${problem}`;
  }
  return undefined;
}

export function decodeServiceDefinition(body: Buffer): ServiceDefinition {
  const raw = parseJsonBody(body);
  if (!isObject(raw)) throw decodeError(`json: cannot unmarshal ${jsonType(raw)} into Go value of type structs.ServiceDefinition`);
  const S = 'ServiceDefinition';
  const name = typed(field(raw, 'Name'), 'string', `${S}.Name`, isString) ?? '';
  const id = typed(field(raw, 'ID'), 'string', `${S}.ID`, isString) ?? '';
  const tags = typed(field(raw, 'Tags'), '[]string', `${S}.Tags`, isStringArray) ?? null;
  const address = typed(field(raw, 'Address'), 'string', `${S}.Address`, isString) ?? '';
  const port = typed(field(raw, 'Port'), 'int', `${S}.Port`, isInt) ?? 0;
  const meta = typed(field(raw, 'Meta'), 'map[string]string', `${S}.Meta`, isStringMap) ?? null;
  const enableTagOverride = typed(field(raw, 'EnableTagOverride'), 'bool', `${S}.EnableTagOverride`, isBool) ?? false;
  const weightsRaw = typed(field(raw, 'Weights'), 'structs.Weights', `${S}.Weights`, isObject);
  const taggedRaw = typed(field(raw, 'TaggedAddresses'), 'map[string]structs.ServiceAddress', `${S}.TaggedAddresses`, isObject) ?? {};
  const single = decodeCheck(field(raw, 'Check'), `${S}.Check`);
  const checksRaw = typed(field(raw, 'Checks'), 'structs.CheckTypes', `${S}.Checks`, Array.isArray) ?? [];
  const many = checksRaw.map((check, i) => decodeCheck(check, `${S}.Checks[${i}]`)).filter((c): c is CheckTypeDef => c !== undefined);

  if (name === '') throw new HttpError(400, 'Missing service name');
  if (address === '0.0.0.0' || address === '::' || address === '[::]') throw new HttpError(400, 'Invalid service address');

  let weights = { Passing: 1, Warning: 1 };
  if (weightsRaw) {
    weights = { Passing: Number(field(weightsRaw, 'Passing') ?? 0), Warning: Number(field(weightsRaw, 'Warning') ?? 0) };
    if (weights.Passing < 1) throw new HttpError(400, 'Invalid Weights: Passing must be greater than 0');
    if (weights.Warning < 0) throw new HttpError(400, 'Invalid Weights: Warning must be greater or equal than 0');
  }
  const metaProblem = meta ? validateMeta(meta) : undefined;
  if (metaProblem) throw new HttpError(400, `Invalid Service Meta: ${metaProblem}`);

  const checks = [...(single ? [single] : []), ...many];
  for (const check of checks) {
    const problem = validateCheck(check);
    if (problem) throw new HttpError(400, `Invalid check: ${problem}`);
  }
  for (const check of checks) {
    if (check.status !== '' && !['passing', 'warning', 'critical'].includes(check.status)) {
      throw new HttpError(400, "Status for checks must 'passing', 'warning', 'critical'");
    }
  }

  const serviceId = id || name;
  checks.forEach((check, i) => {
    if (check.checkId === '') check.checkId = checks.length === 1 ? `service:${serviceId}` : `service:${serviceId}:${i + 1}`;
    if (check.name === '') check.name = `Service '${name}' check`;
  });

  const taggedAddresses: Record<string, { Address: string; Port: number }> = {};
  for (const [key, value] of Object.entries(taggedRaw)) {
    if (isObject(value)) taggedAddresses[key] = { Address: String(field(value, 'Address') ?? ''), Port: Number(field(value, 'Port') ?? 0) };
  }
  if (address !== '') {
    const family = address.includes(':') ? 'ipv6' : 'ipv4';
    taggedAddresses[`lan_${family}`] ??= { Address: address, Port: port };
    taggedAddresses[`wan_${family}`] ??= { Address: address, Port: port };
  }

  return { id: serviceId, name, tags, address, port, meta, taggedAddresses, weights, enableTagOverride, checks };
}
