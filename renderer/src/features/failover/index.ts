export { FailoverView } from './FailoverView.js';
