/**
 * The tail's subject filter: a NATS subject pattern (`*` = one token, a final `>` = one or more),
 * never a regular expression, so a pattern from the UI cannot cost more than one pass over the
 * subject's tokens. Patterns are checked before use; the error says what is wrong.
 */
import { subjectTokensMatch } from '../../cluster/bus/subjectMatch.js';

export const MAX_PATTERN_LENGTH = 256;
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

export class SubjectPatternError extends Error {
  override readonly name = 'SubjectPatternError';
}

export type SubjectMatcher = (subject: string) => boolean;

/** '' matches every subject. */
export function compileSubjectPattern(pattern: string): SubjectMatcher {
  if (pattern === '') return () => true;
  if (pattern.length > MAX_PATTERN_LENGTH) throw new SubjectPatternError(`the subject pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  const tokens = pattern.split('.');
  tokens.forEach((token, index) => {
    if (token === '*' || (token === '>' && index === tokens.length - 1)) return;
    if (token === '>') throw new SubjectPatternError('">" may only be the last token (e.g. chat.>)');
    if (!TOKEN.test(token)) {
      throw new SubjectPatternError(`bad token ${JSON.stringify(token.slice(0, 40))} in the subject pattern: use letters, digits, "_", "-", or the wildcards * and >`);
    }
  });
  if (!tokens.includes('*') && !tokens.includes('>')) return (subject) => subject === pattern;
  // The common "prefix.>" needs no split.
  if (!tokens.includes('*')) {
    const prefix = pattern.slice(0, -1);
    return (subject) => subject.length > prefix.length && subject.startsWith(prefix);
  }
  return (subject) => subjectTokensMatch(tokens, subject.split('.'));
}

