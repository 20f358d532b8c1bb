/** How the renderer reaches the admin API; the only folder that knows Electron from a browser. */
export { AdminCallError, toSerializedError } from './adminCallError.js';
export type { ConsoleClient, EventsState, EventsStatus } from './consoleClient.js';
export { createAdminClient } from './createAdminClient.js';
export { BAD_TOKEN_MESSAGE, NO_TOKEN_MESSAGE, createHttpTransport, type HttpTransportEnv } from './httpTransport.js';
export { createIpcTransport } from './ipcTransport.js';
