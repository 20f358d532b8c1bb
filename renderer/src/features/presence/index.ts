export { PresenceView } from './PresenceView.js';
