/** Argument checks of the Traffic methods (IPC and HTTP callers are untrusted). */
import type { TrafficMethods } from '../../../contract/index.js';
import type { FeatureValidators } from '../adminFeature.js';
import { noArgument } from '../adminArgumentChecks.js';

export const TRAFFIC_ARGUMENTS: FeatureValidators<TrafficMethods> = {
  getTrafficStatus: noArgument('getTrafficStatus'),
};
