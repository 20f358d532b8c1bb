/**
 * The content of a blast message: `<run>|<lane>|<seq>|` padded with dots to the payload size, so a
 * recipient can tell which run, sender and message it got without any other state.
 */
const PAD = '.';
const NUMBERS = /^(\d{1,9})\|(\d{1,15})\|/;

export function blastContent(runId: string, lane: number, seq: number, payloadBytes: number): string {
  const head = `${runId}|${lane}|${seq}|`;
  return head.length >= payloadBytes ? head : head + PAD.repeat(payloadBytes - head.length);
}

/** The lane and seq of a blast message of run `runId`, or null for anything else. */
export function parseBlastContent(content: string, runId: string): { lane: number; seq: number } | null {
  if (!content.startsWith(`${runId}|`)) return null;
  const match = NUMBERS.exec(content.slice(runId.length + 1));
  if (!match) return null;
  return { lane: Number(match[1]), seq: Number(match[2]) };
}
