/** Argument checks of the Traffic methods (IPC and HTTP callers are untrusted). */
import type { TrafficFilter, TrafficMethods } from '../../../contract/index.js';
import type { FeatureValidators } from '../adminFeature.js';
import { bad, integer, noArgument, record, text } from '../adminArgumentChecks.js';
import { compileSubjectPattern, MAX_PATTERN_LENGTH, SubjectPatternError } from './subjectPattern.js';

const FILTER_FIELDS = ['subject', 'user', 'group', 'node', 'text'] as const;
const ID = /^\d{1,15}$/;
const NODE = /^[A-Za-z0-9_.-]{0,128}$/;

/** Every given field checked; absent fields stay absent (they keep their current value). */
export function checkTrafficFilter(method: string, arg: unknown): Partial<TrafficFilter> {
  const fields = record(method, arg, FILTER_FIELDS);
  const filter: Partial<TrafficFilter> = {};
  if (fields.subject !== undefined) {
    filter.subject = text(method, fields, 'subject', MAX_PATTERN_LENGTH).trim();
    try {
      compileSubjectPattern(filter.subject);
    } catch (error) {
      if (error instanceof SubjectPatternError) throw bad(method, `field "subject": ${error.message}`);
      throw error;
    }
  }
  for (const field of ['user', 'group'] as const) {
    if (fields[field] === undefined) continue;
    const value = text(method, fields, field, 15).trim();
    if (value !== '' && !ID.test(value)) throw bad(method, `field "${field}" must be a numeric ${field} id (or empty for any)`);
    filter[field] = value;
  }
  if (fields.node !== undefined) {
    filter.node = text(method, fields, 'node', 128).trim();
    if (!NODE.test(filter.node)) throw bad(method, 'field "node" is not a node id (letters, digits, "_", "-", ".")');
  }
  if (fields.text !== undefined) filter.text = text(method, fields, 'text', 200);
  return filter;
}

export const TRAFFIC_ARGUMENTS: FeatureValidators<TrafficMethods> = {
  getTrafficStatus: noArgument('getTrafficStatus'),
  watchTraffic: noArgument('watchTraffic'),
  setTrafficFilter: (arg) => checkTrafficFilter('setTrafficFilter', arg),
  getTrafficMessage: (arg) => ({ id: integer('getTrafficMessage', record('getTrafficMessage', arg, ['id']), 'id', 1, Number.MAX_SAFE_INTEGER) }),
};
