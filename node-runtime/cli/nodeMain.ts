/**
 * `npm run node -- --port 9000 --id node-1`: one chat node on the embedded backends, stopped
 * cleanly by SIGINT/SIGTERM. A bad flag prints an error naming it and exits with status 2.
 */
import { createChatNode, createLogger, loadNodeConfig, nodeHelpText } from '../src/index.js';
import { exitWith, loadSettings, stopSignal } from './cliRuntime.js';

async function main(): Promise<number> {
  const loaded = loadSettings(() => loadNodeConfig(process.argv.slice(2), process.env));
  if (!loaded) return 2;
  if (loaded.help) {
    process.stdout.write(nodeHelpText('npm run node --') + '\n');
    return 0;
  }
  const logger = createLogger({ level: loaded.config.logLevel });
  const node = createChatNode({ config: loaded.config, logger });
  // Listen for signals before starting: a Ctrl-C right after "listening" must still stop cleanly.
  const signalled = stopSignal(logger, { node: node.id });
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

exitWith(main);
