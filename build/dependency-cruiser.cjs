/**
 * The dependency rules of architecture.md §3, checked on every `npm run lint`.
 * Each rule's comment says which rule of the map it enforces.
 */
const DRIVERS = {
  nats: '^(@nats-io/|nats$)',
  redis: '^(ioredis|redis)$',
  consul: '^consul$',
};

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'contract-is-pure',
      comment: '§3.1 node-runtime/contract imports nothing but other contract files (no node:, no packages).',
      severity: 'error',
      from: { path: '^node-runtime/contract/' },
      to: { pathNot: '^node-runtime/contract/' },
    },
    {
      name: 'runtime-knows-no-host',
      comment: '§3.2 node-runtime never imports electron, react, the renderer or electron/.',
      severity: 'error',
      from: { path: '^node-runtime/' },
      to: { path: '^(electron|react|react-dom)$|^renderer/|^electron/|node_modules/(electron|react|react-dom)/' },
    },
    {
      name: 'nats-driver-in-its-backend-only',
      comment: '§3.3 @nats-io/* is imported by the NATS backend files only.',
      severity: 'error',
      from: { path: '^node-runtime/', pathNot: '^node-runtime/src/cluster/[^/]+/nats[^/]*\\.ts$|^node-runtime/test/|^bench/' },
      to: { path: `${DRIVERS.nats}|node_modules/@nats-io/` },
    },
    {
      name: 'redis-driver-in-its-backend-only',
      comment: '§3.3 ioredis is imported by the Redis backend files only.',
      severity: 'error',
      from: { path: '^node-runtime/', pathNot: '^node-runtime/src/cluster/[^/]+/redis[^/]*\\.ts$|^node-runtime/test/|^bench/' },
      to: { path: `${DRIVERS.redis}|node_modules/ioredis/` },
    },
    {
      name: 'consul-driver-in-its-backend-only',
      comment: '§3.3 the consul client is imported by the Consul backend files only.',
      severity: 'error',
      from: { path: '^node-runtime/', pathNot: '^node-runtime/src/cluster/[^/]+/consul[^/]*\\.ts$|^node-runtime/test/' },
      to: { path: `${DRIVERS.consul}|node_modules/consul/` },
    },
    {
      name: 'chat-logic-talks-to-ports',
      comment: '§3.4 src/chat uses port interfaces, never an implementation, a socket, the server or the routing layer.',
      severity: 'error',
      from: { path: '^node-runtime/src/chat/' },
      to: {
        path: '^node-runtime/src/(server|routing|admin|client)/|^node-runtime/src/cluster/[^/]+/(memory|nats|redis|consul)[^/]*\\.ts$|^(net|node:net|tls|node:tls|dgram|node:dgram)$',
      },
    },
    {
      name: 'backends-chosen-in-the-composition-root',
      comment: '§5.3 only the composition root (chatNode.ts, cluster/backends.ts) picks backend implementations.',
      severity: 'error',
      from: {
        path: '^node-runtime/src/',
        pathNot: '^node-runtime/src/chatNode\\.ts$|^node-runtime/src/cluster/backends\\.ts$|^node-runtime/src/cluster/[^/]+/(memory|nats|redis|consul)[^/]*\\.ts$|\\.test\\.ts$',
      },
      to: { path: '^node-runtime/src/cluster/[^/]+/(memory|nats|redis|consul)[^/]*\\.ts$' },
    },
    {
      name: 'sockets-in-the-server-only',
      comment: 'node:net belongs to the server (and the client library); chat, routing, cluster ports and protocol stay I/O-free.',
      severity: 'error',
      from: { path: '^node-runtime/src/(chat|routing|protocol|config|common)/' },
      to: { path: '^(net|node:net|tls|node:tls)$' },
    },
    {
      name: 'protocol-is-a-leaf',
      comment: '§5.5 the protocol layer imports only common code and plain record types.',
      severity: 'error',
      from: { path: '^node-runtime/src/protocol/' },
      to: {
        path: '^node-runtime/src/',
        pathNot: '^node-runtime/src/(protocol|common)/|^node-runtime/src/cluster/store/records\\.ts$',
      },
    },
    {
      name: 'main-uses-the-public-entry',
      comment: '§3.5 electron/main uses node-runtime through its public entry and the contract only.',
      severity: 'error',
      from: { path: '^electron/main/' },
      to: { path: '^node-runtime/', pathNot: '^node-runtime/src/index\\.ts$|^node-runtime/contract/' },
    },
    {
      name: 'preload-is-minimal',
      comment: '§3.5 electron/preload imports only electron and the contract (its tests run on Node).',
      severity: 'error',
      from: { path: '^electron/preload/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: '^electron$|node_modules/electron/|^node-runtime/contract/|^electron/preload/' },
    },
    {
      name: 'renderer-is-a-browser-app',
      comment: '§3.6 the renderer imports only the contract and browser libraries: no node:, electron, node-runtime/src or electron/ (its tests and build config run on Node).',
      severity: 'error',
      from: { path: '^renderer/', pathNot: '\\.test\\.tsx?$|^renderer/test/|^renderer/vite\\.config\\.ts$' },
      to: { path: '^node:|^(fs|net|path|os|child_process)$|^electron$|^node-runtime/src/|^electron/' },
    },
    {
      name: 'no-imports-of-infrastructure-or-build',
      comment: 'Shipping code never imports infrastructure/ or build/; tests and benches may use the local launchers.',
      severity: 'error',
      from: { pathNot: '^node-runtime/test/|\\.test\\.ts$|^bench/|^infrastructure/' },
      to: { path: '^(infrastructure|build)/' },
    },
    {
      name: 'source-never-imports-tests',
      comment: 'Shipping code never depends on test helpers.',
      severity: 'error',
      from: { path: '^node-runtime/(src|cli)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^node-runtime/test/|\\.test\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'Layers depend one way.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(\\.tsbuild|dist|out|release)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
