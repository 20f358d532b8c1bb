/* @jsxRuntime automatic */
import { useState } from 'react';
import { useConsole } from '../../store/index.js';
import { LabActionError } from './LabActionError.js';
import { NONE } from './none.js';

/** One P2P or group message from a lab user; its hops appear in the list below. */
export function SendMessageForm() {
  const users = useConsole((state) => state.lab?.users ?? NONE);
  const busy = useConsole((state) => state.labBusy);
  const sendLabMessage = useConsole((state) => state.sendLabMessage);
  const [kind, setKind] = useState<'p2p' | 'group'>('p2p');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [content, setContent] = useState('hello from the test lab');
  const sender = from || users[0]?.username || '';
  const recipient = to !== '' && to !== sender ? to : (users.find((user) => user.username !== sender)?.username ?? '');
  const nodeOf = (name: string) => users.find((user) => user.username === name)?.nodeId ?? '?';

  if (users.length < 2) return <p className="muted">Create at least two test users to send messages.</p>;
  return (
    <form
      className="lab-form"
      onSubmit={(event) => {
        event.preventDefault();
        void sendLabMessage({ kind, from: sender, to: kind === 'p2p' ? recipient : '', content });
      }}
    >
      <label>
        Kind
        <select value={kind} data-testid="lab-send-kind" onChange={(event) => setKind(event.target.value === 'group' ? 'group' : 'p2p')}>
          <option value="p2p">P2P</option>
          <option value="group">Lab group</option>
        </select>
      </label>
      <label>
        From
        <select value={sender} data-testid="lab-send-from" onChange={(event) => setFrom(event.target.value)}>
          {users.map((user) => (
            <option key={user.username} value={user.username}>
              {user.username} @ {user.nodeId ?? '?'}
            </option>
          ))}
        </select>
      </label>
      {kind === 'p2p' && (
        <label>
          To
          <select value={recipient} data-testid="lab-send-to" onChange={(event) => setTo(event.target.value)}>
            {users
              .filter((user) => user.username !== sender)
              .map((user) => (
                <option key={user.username} value={user.username}>
                  {user.username} @ {user.nodeId ?? '?'}
                </option>
              ))}
          </select>
        </label>
      )}
      <label className="lab-content">
        Text
        <input type="text" value={content} maxLength={4000} data-testid="lab-send-content" onChange={(event) => setContent(event.target.value)} />
      </label>
      <button type="submit" className="button button-primary" disabled={busy !== null || content === ''} data-testid="lab-send">
        {busy === 'send' ? 'Following…' : 'Send'}
      </button>
      <span className="muted lab-route">
        {kind === 'p2p' ? `${nodeOf(sender)} → ${nodeOf(recipient)}` : `${nodeOf(sender)} → every node with a member`}
      </span>
      <LabActionError action="send" />
    </form>
  );
}
