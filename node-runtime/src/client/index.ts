/** Public entry of the chat-zinx client: import from here, not from the files behind it. */
export { ChatClient, type ChatClientOptions, type ChatClientState } from './chatClient.js';
export type { ChatClientEvents } from './clientEvents.js';
export type { ReconnectOptions } from './backoff.js';
export type { Dialer } from './tcpDialer.js';
export { DialError, dialTcp } from './tcpDialer.js';
export {
  AllServersFailedError,
  ConnectionClosedError,
  NoReplyError,
  NotConnectedError,
  ProtocolViolationError,
  RequestRejectedError,
  RequestTimeoutError,
} from './clientErrors.js';
export { parseServerAddress, parseServerList, type ServerAddress } from './serverAddress.js';
export { pickNode, rankNodes, selectionWeights, serverLabel, type PublishedLoad, type SelectableNode, type SelectionOptions, type WeightedNode } from './nodeSelection.js';
export { NodeSelector, type NodeSelectorOptions } from './nodeSelector.js';
export { registryDiscovery, type RegistryDiscoveryOptions, type ServerDiscovery } from './serverDiscovery.js';
export { isGroupError } from './replyTypes.js';
export type * from './replyTypes.js';
