/** The JSON shapes Consul answers with (ServiceEntry parts, HealthCheck, AgentService, ServiceNode, KVPair). */
import { formatGoDuration } from './goValues.js';
import type { CheckRecord, ConsulState, KvRecord, NodeRecord, ServiceRecord } from './state.js';

export function renderNode(node: NodeRecord): Record<string, unknown> {
  return {
    ID: node.id,
    Node: node.name,
    Address: node.address,
    Datacenter: node.datacenter,
    TaggedAddresses: { lan: node.address, lan_ipv4: node.address, wan: node.address, wan_ipv4: node.address },
    Meta: { 'consul-network-segment': '' },
    CreateIndex: node.createIndex,
    ModifyIndex: node.modifyIndex,
  };
}

export function renderService(service: ServiceRecord): Record<string, unknown> {
  return {
    ID: service.id,
    Service: service.name,
    Tags: service.tags ? [...service.tags] : null,
    Address: service.address,
    TaggedAddresses: structuredClone(service.taggedAddresses),
    Meta: service.meta ? { ...service.meta } : null,
    Port: service.port,
    Weights: { ...service.weights },
    EnableTagOverride: service.enableTagOverride,
    CreateIndex: service.createIndex,
    ModifyIndex: service.modifyIndex,
  };
}

export function renderAgentService(service: ServiceRecord, datacenter: string): Record<string, unknown> {
  const { CreateIndex: _c, ModifyIndex: _m, ...rest } = renderService(service);
  return { ...rest, Datacenter: datacenter };
}

/** `view`: the catalog's (synced) status/output, or the agent's live one. */
export function renderCheck(check: CheckRecord, state: ConsulState, view: 'catalog' | 'agent'): Record<string, unknown> {
  const service = check.serviceId ? state.services.get(check.serviceId) : undefined;
  const { status, output } = view === 'catalog' ? check.synced : check;
  const def = check.definition;
  const definition: Record<string, unknown> = {};
  if (def.http) Object.assign(definition, { HTTP: def.http, Method: def.method ?? '', Header: def.header ?? null, Body: def.body ?? '' });
  if (def.tcp) definition['TCP'] = def.tcp;
  if (def.intervalMs !== undefined) definition['Interval'] = formatGoDuration(def.intervalMs);
  if (def.timeoutMs !== undefined) definition['Timeout'] = formatGoDuration(def.timeoutMs);
  if (def.ttlMs !== undefined) definition['TTL'] = formatGoDuration(def.ttlMs);
  if (def.deregisterAfterMs !== undefined) definition['DeregisterCriticalServiceAfter'] = formatGoDuration(def.deregisterAfterMs);
  return {
    Node: state.node.name,
    CheckID: check.id,
    Name: check.name,
    Status: status,
    Notes: check.notes,
    Output: output,
    ServiceID: check.serviceId,
    ServiceName: check.serviceName,
    ServiceTags: service?.tags ? [...service.tags] : [],
    Type: check.type,
    Interval: def.intervalMs !== undefined ? formatGoDuration(def.intervalMs) : '',
    Timeout: def.timeoutMs !== undefined ? formatGoDuration(def.timeoutMs) : '',
    ExposedPort: 0,
    Definition: definition,
    CreateIndex: check.createIndex,
    ModifyIndex: check.modifyIndex,
  };
}

/** A flat catalog record (`/catalog/service/:s`). */
export function renderServiceNode(service: ServiceRecord, node: NodeRecord): Record<string, unknown> {
  const n = renderNode(node);
  return {
    ID: n['ID'],
    Node: n['Node'],
    Address: n['Address'],
    Datacenter: n['Datacenter'],
    TaggedAddresses: n['TaggedAddresses'],
    NodeMeta: n['Meta'],
    ServiceKind: '',
    ServiceID: service.id,
    ServiceName: service.name,
    ServiceTags: service.tags ? [...service.tags] : [],
    ServiceAddress: service.address,
    ServicePort: service.port,
    ServiceMeta: service.meta ? { ...service.meta } : {},
    ServiceTaggedAddresses: structuredClone(service.taggedAddresses),
    ServiceWeights: { ...service.weights },
    ServiceEnableTagOverride: service.enableTagOverride,
    CreateIndex: service.createIndex,
    ModifyIndex: service.modifyIndex,
  };
}

/** A KVPair: base64 Value (null when empty), Session only while locked. */
export function renderKv(entry: KvRecord): Record<string, unknown> {
  return {
    LockIndex: entry.lockIndex,
    Key: entry.key,
    Flags: entry.flags,
    Value: entry.value.length === 0 ? null : entry.value.toString('base64'),
    ...(entry.session ? { Session: entry.session } : {}),
    CreateIndex: entry.createIndex,
    ModifyIndex: entry.modifyIndex,
  };
}
