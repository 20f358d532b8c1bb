/** /v1/agent/*: agent-local endpoints (never blocking, no X-Consul-Index). */
import { isAgentCheck, unknownServiceError, type Agent } from './agent.js';
import type { ReadEnv } from './blocking.js';
import { compileFilter } from './filterExpression.js';
import { parseGoBool } from './goValues.js';
import { renderAgentService, renderCheck } from './render.js';
import { HttpError, type Route } from './router.js';
import { decodeServiceDefinition, parseJsonBody } from './serviceDefinition.js';
import type { CheckStatus } from './state.js';

export interface EndpointEnv extends ReadEnv {
  agent: Agent;
  version: string;
}

const NO_CONTENT = { status: 200 };

export function agentRoutes(env: EndpointEnv): Route[] {
  const { state, agent } = env;
  const node = () => state.node;

  const member = () => ({
    Name: node().name,
    Addr: node().address,
    Port: 8301,
    Tags: { dc: node().datacenter, role: 'consul', build: `${env.version}:double`, vsn: '2', vsn_min: '2', vsn_max: '3', bootstrap: '1', port: '8300', id: node().id },
    Status: state.checks.get('serfHealth')?.synced.status === 'critical' ? 4 : 1,
    ProtocolMin: 1, ProtocolMax: 5, ProtocolCur: 2, DelegateMin: 2, DelegateMax: 5, DelegateCur: 4,
  });

  const ttlUpdate = (status: CheckStatus): Route => ({
    path: `/v1/agent/check/${status === 'passing' ? 'pass' : status === 'warning' ? 'warn' : 'fail'}/`,
    methods: ['PUT'],
    handle: (ctx, checkId) => {
      agent.updateTtlCheck(checkId, status, ctx.query.get('note') ?? '');
      return NO_CONTENT;
    },
  });

  return [
    {
      path: '/v1/agent/service/register',
      methods: ['PUT'],
      handle: (ctx) => {
        const replace = ctx.query.has('replace-existing-checks') && parseGoBool(ctx.query.get('replace-existing-checks') || 'true') !== false;
        agent.registerService(decodeServiceDefinition(ctx.body), replace);
        return NO_CONTENT;
      },
    },
    {
      path: '/v1/agent/service/deregister/',
      methods: ['PUT'],
      handle: (_ctx, id) => {
        if (!agent.deregisterService(id)) throw unknownServiceError(id);
        return NO_CONTENT;
      },
    },
    {
      path: '/v1/agent/service/maintenance/',
      methods: ['PUT'],
      handle: (ctx, id) => {
        if (id === '') throw new HttpError(400, 'Missing service ID');
        if (!ctx.query.has('enable')) throw new HttpError(400, 'Missing value for enable');
        const raw = ctx.query.get('enable') ?? '';
        const enable = parseGoBool(raw);
        if (enable === undefined) throw new HttpError(400, `Invalid value for enable: ${JSON.stringify(raw)}`);
        agent.setMaintenance(id, enable, ctx.query.get('reason') ?? '');
        return NO_CONTENT;
      },
    },
    {
      path: '/v1/agent/services',
      methods: ['GET'],
      handle: (ctx) => {
        const filter = ctx.query.get('filter');
        const keep = filter ? compileFilter(filter) : () => true;
        const services: Record<string, unknown> = {};
        for (const service of state.services.values()) {
          if (service.builtIn) continue;
          const rendered = renderAgentService(service, node().datacenter);
          if (keep(rendered)) services[service.id] = rendered;
        }
        return { json: services };
      },
    },
    {
      path: '/v1/agent/checks',
      methods: ['GET'],
      handle: () => {
        const checks: Record<string, unknown> = {};
        for (const check of state.checks.values()) if (isAgentCheck(check)) checks[check.id] = renderCheck(check, state, 'agent');
        return { json: checks };
      },
    },
    ttlUpdate('passing'),
    ttlUpdate('warning'),
    ttlUpdate('critical'),
    {
      path: '/v1/agent/check/update/',
      methods: ['PUT'],
      handle: (ctx, checkId) => {
        const body = parseJsonBody(ctx.body);
        const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
        const pick = (name: string) => Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1];
        const status = typeof pick('status') === 'string' ? (pick('status') as string) : '';
        const output = typeof pick('output') === 'string' ? (pick('output') as string) : '';
        if (!['passing', 'warning', 'critical'].includes(status)) throw new HttpError(400, `Invalid check status: '${status}'`);
        agent.updateTtlCheck(checkId, status as CheckStatus, output);
        return NO_CONTENT;
      },
    },
    {
      path: '/v1/agent/self',
      methods: ['GET'],
      handle: () => ({
        json: {
          Config: { Datacenter: node().datacenter, PrimaryDatacenter: node().datacenter, NodeName: node().name, NodeID: node().id, Server: true, Revision: 'double', Version: env.version, BuildDate: '2025-01-01T00:00:00Z' },
          DebugConfig: {},
          Coord: { Vec: [0, 0, 0, 0, 0, 0, 0, 0], Error: 1.5, Adjustment: 0, Height: 1e-5 },
          Member: member(),
          Stats: { agent: { checks: String([...state.checks.values()].filter(isAgentCheck).length), services: String([...state.services.values()].filter((s) => !s.builtIn).length) }, raft: { last_log_index: String(state.index), state: env.leader.known ? 'Leader' : 'Candidate' } },
          Meta: { 'consul-network-segment': '' },
          xDS: { SupportedProxies: {}, Port: -1, Ports: { Plaintext: -1, TLS: -1 } },
        },
      }),
    },
    { path: '/v1/agent/members', methods: ['GET'], handle: () => ({ json: [member()] }) },
  ];
}
