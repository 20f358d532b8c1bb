/** The core-NATS subject of a node's remote control: outside the `chat.>` and `system.>` streams, so nothing is stored. */
import { subjectToken } from '../cluster/bus/subjects.js';

export const controlSubject = (nodeId: string): string => `admin.control.${subjectToken(nodeId)}`;
