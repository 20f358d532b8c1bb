/** Remote control of chat nodes: signed commands on `admin.control.<nodeId>`, the node's responder, the console's sender. */
export { CONTROL_ACTIONS, MIN_SECRET_LENGTH, signCommand, type ControlAction, type ControlCommand } from './controlCommand.js';
export { controlSubject } from './controlSubject.js';
export { RemoteControlResponder, type ControlReply, type NodeControlActions } from './remoteControlResponder.js';
export { RemoteControlError, sendControlCommand } from './remoteControlClient.js';
export { processControlActions } from './processControlActions.js';
export { guardPresence, type GuardedPresence } from './crashablePresence.js';
