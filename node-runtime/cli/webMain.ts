/**
 * `npm run web -- [options]`: the web console. Starts the console host (embedded sandbox, or one
 * node joined to a cluster) and the web server, prints one line with the URL to open (it carries
 * the access token), and stops everything on SIGINT/SIGTERM. A bad flag exits with status 2.
 */
import { fileURLToPath } from 'node:url';
import { startConsoleRuntime, WebConsoleServer, type ConsoleRuntime } from '../src/admin/index.js';
import { consoleHelpText, loadConsoleConfig } from '../src/config/consoleConfig.js';
import { ConfigError, createLogger } from '../src/index.js';

const RENDERER_DIST = fileURLToPath(new URL('../../renderer/dist/', import.meta.url));

async function main(): Promise<number> {
  let loaded;
  try {
    loaded = loadConsoleConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\nRun with --help to see every option.\n`);
      return 2;
    }
    throw error;
  }
  if (loaded.help) {
    process.stdout.write(consoleHelpText('npm run web --') + '\n');
    return 0;
  }
  const { config } = loaded;
  const logger = createLogger({ level: config.node.logLevel });
  // Listen for signals before starting: a Ctrl-C during start-up must still stop cleanly.
  const signalled = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info('signal', { signal });
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
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
    const what = config.mode === 'embedded' ? `embedded sandbox, ${runtime.host.nodes().length} nodes` : `node ${runtime.host.consoleNodeId} in the cluster`;
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
