import type { EventsStatus } from '../../transport/index.js';
import { type Tone } from '../../components/index.js';

/** The event feed's state in words and a tone for the status bar. */
export function eventsLabel(status: EventsStatus): { label: string; tone: Tone; title: string } {
  switch (status.state) {
    case 'open':
      return status.transport === 'ipc'
        ? { label: 'live (IPC)', tone: 'ok', title: 'Events arrive from the Electron main process.' }
        : { label: 'live', tone: 'ok', title: 'Events arrive over the WebSocket /api/events.' };
    case 'connecting':
      return { label: 'connecting…', tone: 'info', title: 'Opening the event WebSocket.' };
    case 'reconnecting': {
      const wait = status.retryInMs === null ? '' : `, next try in ${Math.ceil(status.retryInMs / 1000)} s`;
      return {
        label: `reconnecting (attempt ${status.attempt}${wait})`,
        tone: 'warn',
        title:
          'The event WebSocket closed; the console retries with backoff. Is `npm run web` still running? If it was restarted, open the new URL it printed (the token may have changed).',
      };
    }
    case 'no-token':
      return { label: 'no access token', tone: 'bad', title: 'Open the URL printed by `npm run web` (it ends with ?token=…).' };
    case 'unauthorized':
      return { label: 'token refused', tone: 'bad', title: 'The server refused the token: open the URL printed by `npm run web` again.' };
    case 'idle':
      return { label: 'not subscribed', tone: 'muted', title: 'No view listens to events.' };
  }
}
