import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatClient } from '../chatClient.js';
import { ArgReader, UsageError } from './argReader.js';
import { parseAssignments, runLine } from './terminalCommands.js';

/** Runs lines that must fail before any request (a client call would throw on the empty stub). */
async function output(line: string): Promise<string[]> {
  const lines: string[] = [];
  await runLine(line, { client: {} as ChatClient, print: (l) => lines.push(l), quit() {} });
  return lines;
}

describe('terminal commands', () => {
  test('free text keeps its inner spacing', () => {
    const args = new ArgReader('bob  hello   world ');
    assert.equal(args.word(), 'bob');
    assert.equal(args.rest(), 'hello   world');
  });

  test('numbers must be non-negative integers', () => {
    assert.throws(() => new ArgReader('5x').uint('group id'), UsageError);
    assert.equal(new ArgReader('').optionalUint('limit'), undefined);
  });

  test('key=value assignments run until the next key', () => {
    assert.deepEqual(parseAssignments('name=Book club description=we read  things'), { name: 'Book club', description: 'we read  things' });
    assert.throws(() => parseAssignments('oops name=x'), UsageError);
  });

  test('bad usage prints that command\'s usage line', async () => {
    assert.deepEqual(await output('/send bob'), ['usage: /send <to> <text…>']);
    assert.deepEqual(await output('/login alice'), ['usage: /login <user> <pass>']);
    assert.deepEqual(await output('/ghistory x'), ['error: group id must be a non-negative integer, got "x"', 'usage: /ghistory <groupId> [lastId] [limit]']);
    assert.deepEqual(await output('/group role 1 2 owner'), ['error: the role is admin or member', 'usage: /group role <id> <userId> admin|member']);
    assert.deepEqual(await output('/relations extra'), ['error: too many arguments', 'usage: /relations']);
  });

  test('unknown commands and plain text get a hint', async () => {
    assert.deepEqual(await output('/bogus'), ['unknown command /bogus: type /help']);
    assert.deepEqual(await output('hello'), ['commands start with "/": type /help']);
    assert.ok((await output('/group')).every((l) => l.startsWith('usage: /group ')));
  });
});
