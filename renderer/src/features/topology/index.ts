export { TopologyView } from './TopologyView.js';
