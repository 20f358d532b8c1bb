/**
 * `npm run web -- [options]`: the web console. Starts the console host (embedded sandbox, or one
 * node joined to a cluster) and the web server, prints one line with the URL to open (it carries
 * the access token), and stops everything on SIGINT/SIGTERM. A bad flag exits with status 2.
 */
import { fileURLToPath } from 'node:url';
import { startConsoleRuntime, WebConsoleServer, type ConsoleRuntime } from '../src/admin/index.js';
import { consoleHelpText, loadConsoleConfig } from '../src/config/consoleConfig.js';
import { ConfigError, createLogger } from '../src/index.js';
import { exitWith, loadSettings, stopSignal } from './cliRuntime.js';

const RENDERER_DIST = fileURLToPath(new URL('../../renderer/dist/', import.meta.url));

async function main(): Promise<number> {
  const loaded = loadSettings(() => loadConsoleConfig(process.argv.slice(2), process.env));
  if (!loaded) return 2;
  if (loaded.help) {
    process.stdout.write(consoleHelpText('npm run web --') + '\n');
    return 0;
  }
  const { config } = loaded;
  const logger = createLogger({ level: config.node.logLevel });
  // Listen for signals before starting: a Ctrl-C during start-up must still stop cleanly.
  const signalled = stopSignal(logger);
  let runtime: ConsoleRuntime | undefined;
  let web: WebConsoleServer | undefined;
  const shutdown = async (): Promise<void> => {
    await web?.close();
    await runtime?.stop();
  };
  try {
    runtime = await startConsoleRuntime({ config, logger });
    web = new WebConsoleServer({
      dispatch: runtime.dispatch,
      events: runtime,
      staticDir: RENDERER_DIST,
      host: config.webHost,
      port: config.webPort,
      logger: logger.child({ component: 'web' }),
    });
    const { url } = await web.listen();
    const local = runtime.localCluster;
    const what = config.mode === 'embedded' ? `embedded sandbox, ${runtime.host.nodes().length} nodes` : local ? `local cluster: NATS ${local.natsUrl}, Redis ${local.redisUrl}, ${config.localCluster?.nodes ?? 0} node processes` : `node ${runtime.host.consoleNodeId} in the cluster`;
    process.stdout.write(`Console ready (${what}${config.readOnly ? ', read-only' : ''}): open ${url}\n`);
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    await shutdown().catch(() => {});
    return error instanceof ConfigError ? 2 : 1;
  }
  await signalled;
  await shutdown();
  logger.info('stopped', { component: 'console' });
  return 0;
}

exitWith(main);
