/** node-runtime's public entry: hosts (CLI, Electron main, tests of other folders) import from here only. */
export { createChatNode, type ChatNode, type CreateChatNodeOptions, type NodeStats } from './chatNode.js';
export { createMemoryBackends, closeBackends, type ChatBackends } from './cluster/backends.js';
export { DEFAULT_NODE_CONFIG, type NodeConfig } from './config/nodeConfig.js';
export { loadNodeConfig, nodeHelpText } from './config/loadNodeConfig.js';
export { createLogger, silentLogger, type Logger, type LogLevel } from './common/logger.js';
export { ChatError, ConfigError, serializeError, type SerializedError } from './common/errors.js';
export { PasswordHasher } from './chat/passwordHasher.js';
export { VERSION } from './version.js';
export * from './admin/index.js';
export { loadConsoleConfig, consoleHelpText, CONSOLE_FLAGS, type ConsoleConfig } from './config/consoleConfig.js';
