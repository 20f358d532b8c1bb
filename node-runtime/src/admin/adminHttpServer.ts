/**
 * The node's admin HTTP server: `/metrics` (Prometheus text) and `/healthz` (JSON: each port's
 * backend and state; 200 when every backend is ok, 503 otherwise). The console's admin API
 * will be served from here too.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../common/logger.js';
import type { BackendHealth } from '../cluster/backendHealth.js';
import type { PrometheusMetrics } from './prometheusMetrics.js';

export interface AdminHttpServerDeps {
  nodeId: string;
  metrics: PrometheusMetrics;
  backends: () => Record<string, BackendHealth>;
  logger: Logger;
}

export class AdminHttpServer {
  private readonly server: http.Server;

  constructor(private readonly deps: AdminHttpServerDeps) {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        deps.logger.error('admin_request_failed', { path: request.url, error: String(error) });
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('internal error\n');
      });
    });
  }

  listen(host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new Error(`admin port ${port} on ${host} is already in use: pick another with --admin-port`) : error),
      );
      this.server.listen({ host, port }, () => resolve(this.server.address() as AddressInfo));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://admin').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('method not allowed\n');
      return;
    }
    if (path === '/metrics') {
      const body = await this.deps.metrics.registry.metrics();
      response.writeHead(200, { 'content-type': this.deps.metrics.registry.contentType });
      response.end(body);
      return;
    }
    if (path === '/healthz') {
      const backends = this.deps.backends();
      const healthy = Object.values(backends).every((backend) => backend.state === 'ok');
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ node: this.deps.nodeId, status: healthy ? 'ok' : 'degraded', backends }));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('not found: try /metrics or /healthz\n');
  }
}
