/**
 * The terminal client around a ChatClient: prints pushes and connection changes as they happen, and
 * runs input lines one at a time, each waiting for its reply. Works the same on a TTY (prompt) and on a
 * pipe (no prompt; at end of input it finishes the pending command, then disconnects), so tests and
 * scripts can drive it.
 */
import { createInterface, type Interface } from 'node:readline';
import type { ChatClient } from '../chatClient.js';
import { errorText } from '../clientErrors.js';
import { runLine, type TerminalContext } from './terminalCommands.js';
import { formatGroupPush, formatNotification, formatTextPush } from './terminalFormat.js';

export interface TerminalSessionOptions {
  client: ChatClient;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Prompt and redraw it around asynchronous output (a TTY). */
  interactive: boolean;
}

/** Connects, runs the session until /quit or end of input, closes the client. Resolves with an exit code. */
export async function runTerminalSession(options: TerminalSessionOptions): Promise<number> {
  const { client, output, interactive } = options;
  // eslint-disable-next-line prefer-const -- assigned below, after the output closure that reads it is built
  let rl: Interface | undefined;
  let quitting = false;

  const print = (line: string) => {
    if (interactive && rl) {
      output.write(`\r\x1b[K${line}\n`);
      rl.prompt(true);
    } else {
      output.write(`${line}\n`);
    }
  };

  client.on('connected', ({ server, extensions }) =>
    print(`* connected to ${server} (${extensions ? `extensions: ${extensions.join(', ') || 'none'}` : 'legacy protocol'})`),
  );
  client.on('disconnected', ({ server, reason }) => {
    if (!quitting) print(`* disconnected from ${server}: ${reason}`);
  });
  client.on('reconnecting', ({ server, delayMs, attempt }) => print(`* reconnecting to ${server} in ${delayMs} ms (attempt ${attempt})`));
  client.on('loggedIn', ({ user, relogin }) => {
    if (relogin) print(`* logged in again as ${user.username}`);
  });
  client.on('text', (message) => print(formatTextPush(message)));
  client.on('groupText', (message) => print(formatGroupPush(message)));
  client.on('notification', (frame) => print(formatNotification(frame)));
  client.on('error', (error) => print(`error: ${error.message}`));

  try {
    await client.connect();
  } catch (error) {
    output.write(`error: ${errorText(error)}\n`);
    return 1;
  }

  rl = createInterface({ input: options.input, ...(interactive ? { output, terminal: true } : { terminal: false }) });
  const session = rl;
  if (interactive) {
    print('chat-zinx terminal client: type /help for commands');
    session.setPrompt('> ');
    session.prompt();
  }

  const ctx: TerminalContext = {
    client,
    print,
    quit: () => {
      quitting = true;
      session.close();
    },
  };

  // Lines are queued and run strictly one after another, so each command sees the previous one's reply.
  const queue: string[] = [];
  let running = false;
  let inputEnded = false;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const drain = async () => {
    if (running) return;
    running = true;
    while (queue.length > 0 && !quitting) {
      await runLine(queue.shift() ?? '', ctx);
      if (interactive && !quitting) session.prompt();
    }
    running = false;
    if (inputEnded || quitting) finish();
  };

  session.on('line', (line) => {
    if (quitting) return;
    queue.push(line);
    void drain();
  });
  session.on('close', () => {
    inputEnded = true;
    if (!running) finish();
  });
  session.on('SIGINT', () => ctx.quit());

  await finished;
  quitting = true;
  await client.close();
  return 0;
}
