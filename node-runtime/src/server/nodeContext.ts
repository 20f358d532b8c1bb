/** Everything a frame handler may use; built once per node by the composition root. */
import type { Logger } from '../common/logger.js';
import type { NodeMetrics } from '../common/nodeMetrics.js';
import type { AccountService } from '../chat/accounts.js';
import type { DirectMessageService } from '../chat/directMessages.js';
import type { GroupMessageService } from '../chat/groupMessages.js';
import type { GroupService } from '../chat/groups.js';
import type { PresenceStore } from '../cluster/presence/presenceStore.js';
import type { ChatStore } from '../cluster/store/chatStore.js';
import type { NodeConfig } from '../config/nodeConfig.js';
import type { Frame } from '../protocol/frame.js';
import type { Router } from '../routing/router.js';
import type { Connection } from './connection.js';
import type { SessionRegistry } from './sessionRegistry.js';

export interface NodeContext {
  config: NodeConfig;
  version: string;
  logger: Logger;
  metrics: NodeMetrics;
  now: () => number;
  sessions: SessionRegistry;
  router: Router;
  store: ChatStore;
  presence: PresenceStore;
  accounts: AccountService;
  directMessages: DirectMessageService;
  groups: GroupService;
  groupMessages: GroupMessageService;
}

export type FrameHandler = (ctx: NodeContext, connection: Connection, frame: Frame) => Promise<void> | void;

/** Handles consecutive frames of one id from one connection together, with the same replies as one at a time. */
export type FrameRunHandler = (ctx: NodeContext, connection: Connection, frames: readonly Frame[]) => Promise<void> | void;
