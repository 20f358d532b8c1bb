/**
 * The terminal client's commands: the ones chat-zinx's Go client offers, plus the group admin
 * requests it lacks and the extensions. One table: usage line, help text and what each does.
 */
import type { ChatClient } from '../chatClient.js';
import { errorText } from '../clientErrors.js';
import { ArgReader, UsageError } from './argReader.js';
import * as F from './terminalFormat.js';

export interface TerminalContext {
  client: ChatClient;
  print(line: string): void;
  /** Ends the session (after the current command). */
  quit(): void;
}

interface CommandSpec {
  usage: string;
  help: string;
  run(args: ArgReader, ctx: TerminalContext): Promise<void> | void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const printAll = (ctx: TerminalContext, lines: string[]) => lines.forEach((line) => ctx.print(line));

export const COMMANDS: Record<string, CommandSpec> = {
  register: {
    usage: '/register <user> <pass> <email>',
    help: 'create an account',
    async run(args, { client, print }) {
      const [username, password, email] = [args.word(), args.word(), args.word()];
      args.end();
      const reply = await client.register({ username, password, email });
      if (reply.code !== 0) return print(`error: register failed (code ${reply.code}): ${reply.msg}`);
      print(`registered ${username}: id=${reply.data?.id ?? '?'} uuid=${reply.data?.user_uuid ?? '?'} (now /login ${username} <pass>)`);
    },
  },
  login: {
    usage: '/login <user> <pass>',
    help: 'log in (and again automatically after a reconnect)',
    async run(args, { client, print }) {
      const [username, password] = [args.word(), args.word()];
      args.end();
      const reply = await client.login({ username, password });
      if (reply.code !== 0 || !reply.data) return print(`error: login failed (code ${reply.code}): ${reply.msg}`);
      print(`logged in as ${reply.data.username} (id=${reply.data.id} uuid=${reply.data.user_uuid})`);
    },
  },
  send: {
    usage: '/send <to> <text…>',
    help: 'private message; <to> is a uuid, username or numeric id',
    async run(args, { client, print }) {
      const to = args.word();
      const text = args.rest();
      print(F.formatSendAck(to, await client.sendText(to, text)));
    },
  },
  history: {
    usage: '/history <uuid-or-username> [limit]',
    help: 'recent private messages with someone',
    async run(args, ctx) {
      const target = args.word();
      const limit = args.optionalUint('limit');
      args.end();
      // chat-zinx tries only the uuid when one is given (the Go client fills both fields, so by-name
      // lookups always fail there): send the value only in the field it fits.
      const who = UUID.test(target) ? { targetUserUuid: target } : { targetUsername: target };
      const reply = await ctx.client.history({ ...who, ...(limit === undefined ? {} : { limit }) });
      printAll(ctx, F.formatHistory(target, reply));
    },
  },
  relations: {
    usage: '/relations',
    help: 'numeric ids of everyone you have chatted with',
    async run(args, { client, print }) {
      args.end();
      print(F.formatRelations(await client.relations()));
    },
  },
  'group create': {
    usage: '/group create <name> [description…]',
    help: 'create a group (you become its owner)',
    async run(args, { client, print }) {
      const name = args.word();
      const description = args.optionalRest();
      print(F.formatCreatedGroup(await client.createGroup({ name, ...(description === undefined ? {} : { description }) })));
    },
  },
  'group join': groupIdCommand('join', 'join a group by id', (c, id) => c.joinGroup(id).then(F.formatGroupMessage)),
  'group leave': groupIdCommand('leave', 'leave a group', (c, id) => c.leaveGroup(id).then(F.formatGroupMessage)),
  'group members': groupIdCommand('members', 'list the members of a group', (c, id) => c.groupMembers(id).then(F.formatMembers)),
  'group list': {
    usage: '/group list',
    help: 'the groups you are in',
    async run(args, ctx) {
      args.end();
      printAll(ctx, F.formatMyGroups(await ctx.client.myGroups()));
    },
  },
  'group info': groupIdCommand('info', 'details of a group', (c, id) => c.groupDetails(id).then(F.formatGroupDetails)),
  'group update': {
    usage: '/group update <id> [name=<n>] [description=<d>] [avatar=<a>]',
    help: 'change a group (owner or admin); a value runs until the next key=',
    async run(args, { client, print }) {
      const groupId = args.uint('group id');
      const fields = parseAssignments(args.optionalRest() ?? '');
      if (Object.keys(fields).length === 0) throw new UsageError('give at least one of name=, description=, avatar=');
      print(F.formatGroupMessage(await client.updateGroup({ groupId, ...fields })));
    },
  },
  'group role': {
    usage: '/group role <id> <userId> admin|member',
    help: "set a member's role (owner only)",
    async run(args, { client, print }) {
      const [groupId, userId, role] = [args.uint('group id'), args.uint('user id'), args.word()];
      args.end();
      if (role !== 'admin' && role !== 'member') throw new UsageError('the role is admin or member');
      print(F.formatGroupMessage(await client.setMemberRole(groupId, userId, role)));
    },
  },
  'group kick': {
    usage: '/group kick <id> <userId>',
    help: 'remove a member (owner or admin)',
    async run(args, { client, print }) {
      const [groupId, userId] = [args.uint('group id'), args.uint('user id')];
      args.end();
      print(F.formatGroupMessage(await client.removeMember(groupId, userId)));
    },
  },
  gsend: {
    usage: '/gsend <groupId> <text…>',
    help: 'message a group',
    async run(args, { client, print }) {
      const groupId = args.uint('group id');
      print(F.formatGroupSend(groupId, await client.sendGroupText(groupId, args.rest())));
    },
  },
  ghistory: {
    usage: '/ghistory <groupId> [lastId] [limit]',
    help: 'group messages, newest first; lastId pages back',
    async run(args, ctx) {
      const groupId = args.uint('group id');
      const lastId = args.optionalUint('lastId');
      const limit = args.optionalUint('limit');
      args.end();
      const opts = { ...(lastId === undefined ? {} : { lastId }), ...(limit === undefined ? {} : { limit }) };
      printAll(ctx, F.formatGroupHistory(groupId, await ctx.client.groupHistory(groupId, opts)));
    },
  },
  sync: {
    usage: '/sync [since]',
    help: 'fetch stored private messages after a seq (extension; default: the last seq seen)',
    async run(args, ctx) {
      const since = args.optionalUint('since') ?? ctx.client.lastSeq;
      args.end();
      printAll(ctx, F.formatSync(since, await ctx.client.sync(since)));
    },
  },
  ping: {
    usage: '/ping',
    help: 'round trip to the server',
    async run(args, { client, print }) {
      args.end();
      print(`pong in ${await client.ping()} ms`);
    },
  },
  help: {
    usage: '/help',
    help: 'this list',
    run(_args, { print }) {
      for (const spec of Object.values(COMMANDS)) print(`  ${spec.usage.padEnd(62)} ${spec.help}`);
    },
  },
  quit: {
    usage: '/quit',
    help: 'disconnect and exit',
    run(_args, ctx) {
      ctx.quit();
    },
  },
};

/** Runs one input line; never throws (errors are printed). */
export async function runLine(line: string, ctx: TerminalContext): Promise<void> {
  const text = line.trim();
  if (text === '') return;
  if (!text.startsWith('/')) return ctx.print('commands start with "/": type /help');
  const args = new ArgReader(text.slice(1));
  let name = args.optionalWord() ?? '';
  if (name === 'group') {
    const sub = args.optionalWord();
    name = sub === undefined ? '' : `group ${sub}`;
    if (!COMMANDS[name]) {
      for (const [key, spec] of Object.entries(COMMANDS)) if (key.startsWith('group ')) ctx.print(`usage: ${spec.usage}`);
      return;
    }
  }
  const spec = COMMANDS[name];
  if (!spec) return ctx.print(`unknown command /${name}: type /help`);
  try {
    await spec.run(args, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.detail) ctx.print(`error: ${error.detail}`);
      ctx.print(`usage: ${spec.usage}`);
    } else {
      ctx.print(`error: ${errorText(error)}`);
    }
  }
}

function groupIdCommand(
  sub: string,
  help: string,
  action: (client: ChatClient, groupId: number) => Promise<string | string[]>,
): CommandSpec {
  return {
    usage: `/group ${sub} <id>`,
    help,
    async run(args, ctx) {
      const groupId = args.uint('group id');
      args.end();
      const out = await action(ctx.client, groupId);
      printAll(ctx, Array.isArray(out) ? out : [out]);
    },
  };
}

/** `name=Book club description=we read things` → { name: 'Book club', description: 'we read things' }. */
export function parseAssignments(text: string): { name?: string; description?: string; avatar?: string } {
  const fields: { name?: string; description?: string; avatar?: string } = {};
  const keys = [...text.matchAll(/(?:^|\s)(name|description|avatar)=/g)];
  const leading = text.slice(0, keys[0]?.index ?? text.length).trim();
  if (leading !== '') throw new UsageError(`expected name=, description= or avatar=, got "${leading}"`);
  keys.forEach((match, i) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = keys[i + 1]?.index ?? text.length;
    fields[match[1] as 'name' | 'description' | 'avatar'] = text.slice(start, end).trim();
  });
  return fields;
}
