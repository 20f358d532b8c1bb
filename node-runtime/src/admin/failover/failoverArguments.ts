/** Argument checks of the Failover methods (IPC and HTTP callers are untrusted). */
import { NODE_ACTIONS, type FailoverMethods, type NodeAction } from '../../../contract/index.js';
import type { FeatureValidators } from '../adminFeature.js';
import { bad, noArgument, nodeIdField, record, text } from '../adminArgumentChecks.js';
import { scenarioName, validateScenario } from './scenarioSpec.js';
import { REPORT_ID } from './failoverFolder.js';

export const FAILOVER_ARGUMENTS: FeatureValidators<FailoverMethods> = {
  getFailoverStatus: noArgument('getFailoverStatus'),
  controlNode: (arg) => {
    const method = 'controlNode';
    const fields = record(method, arg, ['nodeId', 'action']);
    const action = fields['action'];
    if (!(NODE_ACTIONS as readonly unknown[]).includes(action)) throw bad(method, `field "action" must be one of ${NODE_ACTIONS.join(', ')}`);
    return { nodeId: nodeIdField(method, fields), action: action as NodeAction };
  },
  saveScenario: (arg) => validateScenario('saveScenario', arg),
  deleteScenario: (arg) => ({ name: scenarioName('deleteScenario', record('deleteScenario', arg, ['name'])['name']) }),
  runScenario: (arg) => ({ name: scenarioName('runScenario', record('runScenario', arg, ['name'])['name']) }),
  stopScenario: noArgument('stopScenario'),
  launchLocalNode: noArgument('launchLocalNode'),
  getReport: (arg) => {
    const method = 'getReport';
    const fields = record(method, arg, ['id', 'format']);
    const id = text(method, fields, 'id', 64);
    if (!REPORT_ID.test(id)) throw bad(method, 'field "id" is not a report id (e.g. 20261127-210000-a1b2c3)');
    const format = fields['format'];
    if (format !== 'json' && format !== 'html') throw bad(method, 'field "format" must be json or html');
    return { id, format };
  },
};
