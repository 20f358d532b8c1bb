/** Argument checks of the Failover methods (IPC and HTTP callers are untrusted). */
import type { FailoverMethods } from '../../../contract/index.js';
import type { FeatureValidators } from '../adminFeature.js';
import { noArgument } from '../adminArgumentChecks.js';

export const FAILOVER_ARGUMENTS: FeatureValidators<FailoverMethods> = {
  getFailoverStatus: noArgument('getFailoverStatus'),
};
