/**
 * `npm run node -- --port 9000 --id node-1`: one chat node on the embedded backends, stopped
 * cleanly by SIGINT/SIGTERM. A bad flag prints an error naming it and exits with status 2.
 */
import { ConfigError, createChatNode, createLogger, loadNodeConfig, nodeHelpText } from '../src/index.js';

async function main(): Promise<number> {
  let loaded;
  try {
    loaded = loadNodeConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\nRun with --help to see every option.\n`);
      return 2;
    }
    throw error;
  }
  if (loaded.help) {
    process.stdout.write(nodeHelpText('npm run node --') + '\n');
    return 0;
  }
  const logger = createLogger({ level: loaded.config.logLevel });
  const node = createChatNode({ config: loaded.config, logger });
  // Listen for signals before starting: a Ctrl-C right after "listening" must still stop cleanly.
  const signalled = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info('signal', { signal, node: node.id });
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  try {
    await node.start();
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  await signalled;
  await node.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
