/** The tail's filter, compiled once when set and run in the host for every tapped message. */
import type { TrafficFilter } from '../../../contract/index.js';
import { compileSubjectPattern } from './subjectPattern.js';
import type { TapMessage } from './tapMessage.js';

export const EMPTY_FILTER: TrafficFilter = { subject: '', user: '', group: '', node: '', text: '' };

export type TailPredicate = (message: TapMessage) => boolean;

/** Throws SubjectPatternError for a bad pattern; ids are checked by trafficArguments.ts. */
export function compileTailFilter(filter: TrafficFilter): TailPredicate {
  const subject = compileSubjectPattern(filter.subject);
  const user = filter.user === '' ? null : Number(filter.user);
  const group = filter.group === '' ? null : Number(filter.group);
  const node = filter.node;
  const text = filter.text.toLowerCase();
  return (message) =>
    subject(message.subject) &&
    (user === null || message.fromUser === user || message.toUser === user) &&
    (group === null || message.group === group) &&
    (node === '' || message.node === node) &&
    (text === '' || message.subject.toLowerCase().includes(text) || message.content.toLowerCase().includes(text));
}
