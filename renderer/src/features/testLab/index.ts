export { TestLabView } from './TestLabView.js';
