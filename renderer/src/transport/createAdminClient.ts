import type { ConsoleClient } from './consoleClient.js';
import { createHttpTransport } from './httpTransport.js';
import { createIpcTransport, findConsoleBridge } from './ipcTransport.js';

/** Electron when the preload exposed its bridge, else the web server that served this page. */
export function createAdminClient(): ConsoleClient {
  const bridge = findConsoleBridge();
  return bridge === null ? createHttpTransport() : createIpcTransport(bridge);
}
