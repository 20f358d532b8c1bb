/**
 * Reads the arguments of one terminal command: whitespace-separated words, and free text that keeps
 * its inner spacing (`/send bob hello   world` sends "hello   world"). Any misuse throws UsageError,
 * which the caller turns into the command's usage line.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(readonly detail?: string) {
    super(detail ?? 'bad usage');
  }
}

export class ArgReader {
  private position = 0;

  constructor(private readonly text: string) {}

  word(): string {
    const token = this.optionalWord();
    if (token === undefined) throw new UsageError();
    return token;
  }

  optionalWord(): string | undefined {
    this.skipSpace();
    if (this.position >= this.text.length) return undefined;
    const start = this.position;
    while (this.position < this.text.length && !/\s/.test(this.text.charAt(this.position))) this.position++;
    return this.text.slice(start, this.position);
  }

  /** A non-negative decimal integer (ids, limits, seqs). */
  uint(what: string): number {
    const token = this.word();
    if (!/^\d{1,15}$/.test(token)) throw new UsageError(`${what} must be a non-negative integer, got "${token}"`);
    return Number(token);
  }

  optionalUint(what: string): number | undefined {
    this.skipSpace();
    return this.position >= this.text.length ? undefined : this.uint(what);
  }

  /** The rest of the line, trimmed; required and non-empty. */
  rest(): string {
    const text = this.optionalRest();
    if (text === undefined) throw new UsageError();
    return text;
  }

  optionalRest(): string | undefined {
    const text = this.text.slice(this.position).trim();
    this.position = this.text.length;
    return text.length > 0 ? text : undefined;
  }

  /** Fails when words are left over. */
  end(): void {
    if (this.optionalWord() !== undefined) throw new UsageError('too many arguments');
  }

  private skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text.charAt(this.position))) this.position++;
  }
}
