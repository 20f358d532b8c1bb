/** Raw HTTP against the double (or a real agent) for tests that check status codes, headers and bodies. */

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body when the reply is JSON, else undefined. */
  json: unknown;
  elapsedMs: number;
}

export async function rawApi(baseUrl: string, method: string, path: string, body?: string | Buffer): Promise<RawResponse> {
  const started = Date.now();
  const response = await fetch(`${baseUrl}${path}`, { method, body });
  const text = await response.text();
  const json = response.headers.get('content-type') === 'application/json' ? (JSON.parse(text) as unknown) : undefined;
  return { status: response.status, headers: response.headers, text, json, elapsedMs: Date.now() - started };
}

/** A register body for tests: one TTL check unless `extra` says otherwise. */
export function serviceBody(id: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ID: id, Name: 'chat-server', Address: '127.0.0.1', Port: 7000, Tags: ['chat'], ...extra });
}
