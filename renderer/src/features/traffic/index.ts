export { TrafficView } from './TrafficView.js';
