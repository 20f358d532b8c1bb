/** Argument checks of the Test lab methods (IPC and HTTP callers are untrusted). */
import type { LabMethods } from '../../../contract/index.js';
import type { FeatureValidators } from '../adminFeature.js';
import { noArgument } from '../adminArgumentChecks.js';

export const LAB_ARGUMENTS: FeatureValidators<LabMethods> = {
  getLabStatus: noArgument('getLabStatus'),
};
