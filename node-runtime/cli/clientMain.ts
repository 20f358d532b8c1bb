/**
 * Terminal chat client: `npm run client -- --server 127.0.0.1:9000`.
 * Interactive on a TTY; with stdin piped it runs the lines in order and exits at end of input.
 */
import { parseArgs } from 'node:util';
import { ChatClient, parseServerList } from '../src/client/index.js';
import { runTerminalSession } from '../src/client/terminal/index.js';
import { CLIENT_REGISTRY_SETTING, parseRegistryAddress, type RegistryAddress } from '../src/config/registryAddress.js';
import { openRegistryDiscovery } from './registryDiscovery.js';

const USAGE = `usage: npm run client -- [--server host:port[,host:port…] | --registry URL] [--no-ext] [--timeout ms]

  -s, --server   server address; a comma list (or the flag repeated) is a failover list
                 (default: $CHAT_SERVER, else 127.0.0.1:9000)
  -r, --registry pick the least-loaded passing node from a registry instead of a fixed list,
                 and pick again on every reconnect: consul://HOST:8500 or nats://HOST:4222
                 (default: $${CLIENT_REGISTRY_SETTING.env}); any --server is then the fallback
      --no-ext   speak plain chat-zinx exactly like its Go client (no extension frames)
      --timeout  request timeout in milliseconds (default 10000)
  -h, --help     this text

Type /help once connected for the chat commands.`;

function fail(message: string): never {
  process.stderr.write(`clientMain: ${message}\nrun with --help for usage\n`);
  process.exit(2);
}

function parseCommandLine() {
  try {
    return parseArgs({
      args: process.argv.slice(2),
      options: {
        server: { type: 'string', short: 's', multiple: true },
        registry: { type: 'string', short: 'r' },
        'no-ext': { type: 'boolean' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    // parseArgs names the offending flag ("Unknown option '--x'"); drop its long hint about '--'.
    fail((error instanceof Error ? error.message : String(error)).split('. ')[0] ?? 'bad arguments');
  }
}

async function main(): Promise<number> {
  const flags = parseCommandLine();
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const registryText = flags.registry ?? (process.env[CLIENT_REGISTRY_SETTING.env] || undefined);
  let registry: RegistryAddress | undefined;
  let servers: string[] = [];
  try {
    if (registryText !== undefined) registry = parseRegistryAddress(registryText, flags.registry !== undefined ? CLIENT_REGISTRY_SETTING.flag : CLIENT_REGISTRY_SETTING.env);
    // With a registry, servers are only a fallback: no default address is made up.
    const serverText = flags.server?.join(',') ?? (process.env['CHAT_SERVER'] || (registry ? undefined : '127.0.0.1:9000'));
    if (serverText !== undefined) servers = parseServerList(serverText, flags.server ? '--server' : 'CHAT_SERVER').map((s) => s.label);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  let requestTimeoutMs = 10_000;
  if (flags.timeout !== undefined) {
    requestTimeoutMs = Number(flags.timeout);
    if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs <= 0) fail(`--timeout: "${flags.timeout}" is not a positive number of milliseconds`);
  }

  const discovery = registry ? openRegistryDiscovery(registry) : undefined;
  const client = new ChatClient({ servers, ...(discovery ? { discovery } : {}), extensions: !flags['no-ext'], requestTimeoutMs });
  try {
    return await runTerminalSession({ client, input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true });
  } finally {
    discovery?.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // Nothing should be left running; if something is, do not hang the shell.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`clientMain: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
