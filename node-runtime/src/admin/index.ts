/** The console side of node-runtime: host, admin service, the shared dispatcher and the web console server. */
export { ConsoleHost, type ConsoleHostOptions, type ConsoleMode, type HostedNode } from './consoleHost.js';
export { startConsoleHost, startConsoleRuntime, type ConsoleRuntime, type ConsoleRuntimeOptions } from './consoleRuntime.js';
export { AdminService, type AdminServiceOptions } from './adminService.js';
export { createConsoleAdmin, type ConsoleAdmin } from './consoleAdmin.js';
export type { AdminFeature, FeatureContext, FeatureHandlers, FeatureValidators } from './adminFeature.js';
export { createAdminDispatcher, settleAdminCall, type AdminCallOutcome, type AdminDispatcher, type AdminDispatcherOptions, type AdminHandlers } from './adminDispatcher.js';
export { AdminError, httpStatusOf, toSerializedAdminError } from './adminErrors.js';
export { WebConsoleServer, type AdminEventSource, type WebConsoleServerOptions } from './webConsoleServer.js';
export { generateAccessToken } from './webAccess.js';
export { BlastRun, type BlastPlan, type BlastRunOptions, type BlastUser } from './lab/blastRun.js';
