/** The contract between the node's admin side, the Electron host and the renderer: types and pure helpers only. */
export * from './adminApi.js';
export * from './channels.js';
export * from './dto.js';
export * from './errors.js';
export * from './trafficApi.js';
export * from './labApi.js';
export * from './failoverApi.js';
