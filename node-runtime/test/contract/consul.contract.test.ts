/**
 * The NodeRegistry contract against ConsulRegistry on the in-repo Consul double (no Consul binary
 * here). The double's clock constants are scaled by 1/200 so Consul's 1 min deregister minimum
 * is 300 ms (the suite's deregister-after) and the 30 s reap tick 150 ms, and check_update_interval
 * is 0 (real agents defer output-only changes, e.g. `TTL expired` on a node that never passed, by
 * up to 7.5 min by default). The contract's nodes listen nowhere, so no TCP check is registered.
 */
import { after, before } from 'node:test';
import { connectConsulRegistry } from '../../src/cluster/registry/consulRegistry.js';
import { startConsulDouble, type ConsulDouble } from '../helpers/consulDouble/index.js';
import { nodeRegistryContract } from './nodeRegistry.contract.js';

let consul: ConsulDouble;

before(async () => {
  consul = await startConsulDouble({ timeScale: 1 / 200, timing: { checkUpdateIntervalMs: 0 } });
});
after(() => consul.stop());

nodeRegistryContract(
  'consul',
  async () => {
    const registry = await connectConsulRegistry({ url: consul.url, tcpCheck: false, watch: { waitMs: 10_000 } });
    return { registry, cleanup: () => registry.close() };
  },
  { ttlMs: 200, deregisterCriticalAfterMs: 300 },
);
