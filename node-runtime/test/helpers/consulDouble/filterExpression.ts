/**
 * A basic subset of Consul's `?filter=` language (go-bexpr): `Sel == "v"`, `!=`, `contains`,
 * `not contains`, `"v" in Sel`, `"v" not in Sel`, `Sel is empty`, `Sel is not empty`, joined by
 * `and` / `or` / `not` with parentheses. A selector that walks through a list (e.g. `Checks.Status`)
 * matches when any element matches (`!=` and `not …`: when none does). Parse errors answer 400.
 */
import { HttpError } from './router.js';

type Predicate = (value: unknown) => boolean;

const TOKEN = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|==|!=|\(|\)|[A-Za-z0-9_.\-/:]+)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < text.length) {
    if (/^\s*$/.test(text.slice(position))) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (!match?.[1]) throw invalid(`unexpected character at offset ${position}`);
    tokens.push(match[1]);
    position = TOKEN.lastIndex;
  }
  return tokens;
}

function invalid(reason: string): HttpError {
  return new HttpError(400, `Failed to create boolean expression evaluator: ${reason}`);
}

/** Values reached by a dotted selector; lists fan out. */
function select(root: unknown, selector: string): unknown[] {
  let current: unknown[] = [root];
  for (const part of selector.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      const items = Array.isArray(value) && part !== '' ? value : [value];
      for (const item of items) {
        if (item !== null && typeof item === 'object' && part in item) next.push((item as Record<string, unknown>)[part]);
      }
    }
    current = next;
  }
  return current;
}

function literal(token: string | undefined): string {
  if (token === undefined) throw invalid('missing value');
  if (token.startsWith('"')) return JSON.parse(token) as string;
  if (token.startsWith('`')) return token.slice(1, -1);
  return token;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function contains(value: unknown, wanted: string): boolean {
  if (Array.isArray(value)) return value.some((item) => asText(item) === wanted);
  if (value !== null && typeof value === 'object') return wanted in value;
  return typeof value === 'string' && value.includes(wanted);
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

export function compileFilter(text: string): Predicate {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const take = () => tokens[i++];

  const primary = (): Predicate => {
    const token = take();
    if (token === undefined) throw invalid('unexpected end of expression');
    if (token === 'not') {
      const inner = primary();
      return (v) => !inner(v);
    }
    if (token === '(') {
      const inner = orExpr();
      if (take() !== ')') throw invalid('missing )');
      return inner;
    }
    if (token.startsWith('"') || token.startsWith('`')) {
      const value = literal(token);
      const negated = peek() === 'not' ? (take(), true) : false;
      if (take() !== 'in') throw invalid(`expected "in" after ${token}`);
      const selector = take() ?? '';
      return (root) => negated !== select(root, selector).some((v) => contains(v, value));
    }
    const selector = token;
    const op = take();
    if (op === '==' || op === '!=') {
      const value = literal(take());
      const any = (root: unknown) => select(root, selector).some((v) => asText(v) === value);
      return op === '==' ? any : (root) => !any(root);
    }
    if (op === 'contains' || (op === 'not' && peek() === 'contains')) {
      if (op === 'not') take();
      const value = literal(take());
      const any = (root: unknown) => select(root, selector).some((v) => contains(v, value));
      return op === 'contains' ? any : (root) => !any(root);
    }
    if (op === 'is') {
      const negated = peek() === 'not' ? (take(), true) : false;
      if (take() !== 'empty') throw invalid('expected "empty"');
      return (root) => negated !== select(root, selector).every(isEmpty);
    }
    throw invalid(`unsupported operator ${JSON.stringify(op ?? '')}`);
  };
  const andExpr = (): Predicate => {
    let left = primary();
    while (peek() === 'and') {
      take();
      const l = left;
      const r = primary();
      left = (v) => l(v) && r(v);
    }
    return left;
  };
  const orExpr = (): Predicate => {
    let left = andExpr();
    while (peek() === 'or') {
      take();
      const l = left;
      const r = andExpr();
      left = (v) => l(v) || r(v);
    }
    return left;
  };
  const predicate = orExpr();
  if (i !== tokens.length) throw invalid(`unexpected ${JSON.stringify(tokens[i])}`);
  return predicate;
}
