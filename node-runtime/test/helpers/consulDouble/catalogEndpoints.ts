/** /v1/health/* and /v1/catalog/*: reads of server state, all blocking-capable and index-carrying. */
import { parseReadParams, serveRead, type ReadEnv } from './blocking.js';
import { compileFilter } from './filterExpression.js';
import { parseGoBool } from './goValues.js';
import { renderCheck, renderNode, renderService, renderServiceNode } from './render.js';
import { HttpError, type RequestContext, type Route } from './router.js';
import type { CheckRecord, ServiceRecord } from './state.js';

export function catalogRoutes(env: ReadEnv): Route[] {
  const { state } = env;

  const instances = (name: string): ServiceRecord[] =>
    [...state.services.values()].filter((service) => service.name === name).sort((a, b) => a.id.localeCompare(b.id));
  const checksOf = (serviceId: string): CheckRecord[] =>
    [...state.checks.values()].filter((check) => check.serviceId === serviceId).sort((a, b) => a.id.localeCompare(b.id));
  const nodeChecks = (): CheckRecord[] => [...state.checks.values()].filter((check) => check.serviceId === '');
  const hasTags = (ctx: RequestContext, service: ServiceRecord) => ctx.query.getAll('tag').every((tag) => service.tags?.includes(tag));
  const filterOf = (ctx: RequestContext) => {
    const text = ctx.query.get('filter');
    return text ? compileFilter(text) : () => true;
  };

  return [
    {
      path: '/v1/health/service/',
      methods: ['GET'],
      handle: (ctx, name) => {
        parseReadParams(ctx.query); // index/wait errors come before the endpoint's own
        let passingOnly = false;
        if (ctx.query.has('passing')) {
          const raw = ctx.query.get('passing') ?? '';
          const parsed = raw === '' ? true : parseGoBool(raw);
          if (parsed === undefined) throw new HttpError(400, 'Invalid value for ?passing');
          passingOnly = parsed;
        }
        const keep = filterOf(ctx);
        return serveRead(env, ctx, () => {
          const entries = instances(name)
            .filter((service) => hasTags(ctx, service))
            .map((service) => ({
              Node: renderNode(state.node),
              Service: renderService(service),
              Checks: [...nodeChecks(), ...checksOf(service.id)].map((check) => renderCheck(check, state, 'catalog')),
            }))
            .filter((entry) => !passingOnly || entry.Checks.every((check) => check['Status'] === 'passing'))
            .filter((entry) => keep(entry));
          return { index: state.serviceIndex(name), json: entries };
        });
      },
    },
    {
      path: '/v1/health/checks/',
      methods: ['GET'],
      handle: (ctx, name) => {
        const keep = filterOf(ctx);
        return serveRead(env, ctx, () => ({
          index: state.serviceIndex(name),
          json: instances(name).flatMap((service) => checksOf(service.id).map((check) => renderCheck(check, state, 'catalog'))).filter((c) => keep(c)),
        }));
      },
    },
    {
      path: '/v1/health/state/',
      methods: ['GET'],
      handle: (ctx, wanted) => {
        parseReadParams(ctx.query);
        if (!['any', 'passing', 'warning', 'critical'].includes(wanted)) throw new HttpError(400, 'Invalid check state');
        const keep = filterOf(ctx);
        return serveRead(env, ctx, () => ({
          index: state.tableIndex('checks'),
          json: [...state.checks.values()]
            .filter((check) => wanted === 'any' || check.synced.status === wanted)
            .map((check) => renderCheck(check, state, 'catalog'))
            .filter((c) => keep(c)),
        }));
      },
    },
    {
      path: '/v1/health/node/',
      methods: ['GET'],
      handle: (ctx, nodeName) =>
        serveRead(env, ctx, () => ({
          index: state.tableIndex('nodes', 'checks'),
          json: nodeName === state.node.name ? [...state.checks.values()].map((check) => renderCheck(check, state, 'catalog')) : [],
        })),
    },
    {
      path: '/v1/catalog/services',
      methods: ['GET'],
      handle: (ctx) =>
        serveRead(env, ctx, () => {
          const services: Record<string, string[]> = {};
          for (const service of state.services.values()) {
            const tags = new Set([...(services[service.name] ?? []), ...(service.tags ?? [])]);
            services[service.name] = [...tags].sort();
          }
          return { index: state.tableIndex('services'), json: services };
        }),
    },
    {
      path: '/v1/catalog/service/',
      methods: ['GET'],
      handle: (ctx, name) => {
        const keep = filterOf(ctx);
        return serveRead(env, ctx, () => ({
          index: state.serviceIndex(name, false),
          json: instances(name)
            .filter((service) => hasTags(ctx, service))
            .map((service) => renderServiceNode(service, state.node))
            .filter((s) => keep(s)),
        }));
      },
    },
    {
      path: '/v1/catalog/nodes',
      methods: ['GET'],
      handle: (ctx) => serveRead(env, ctx, () => ({ index: state.tableIndex('nodes'), json: [renderNode(state.node)] })),
    },
    { path: '/v1/catalog/datacenters', methods: ['GET'], handle: () => ({ json: [state.node.datacenter] }) },
  ];
}
