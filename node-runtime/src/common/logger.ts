/**
 * Structured logging: one line per event in logfmt (`ts=… level=info node=node-1 conn=7 event=… key=value`),
 * so a line is both readable and greppable. Library code logs through a Logger it was given,
 * never through a bare console.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFields = Record<string, string | number | boolean | undefined | null>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. the connection id). */
  child(fields: LogFields): Logger;
  isEnabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  level: LogLevel;
  fields?: LogFields;
  /** Where finished lines go; stdout by default. */
  sink?: (line: string) => void;
}

export function createLogger(options: LoggerOptions): Logger {
  const sink = options.sink ?? ((line: string) => process.stdout.write(line + '\n'));
  return makeLogger(rank[options.level], options.fields ?? {}, sink);
}

/** A logger that drops everything; for tests and embedded uses that do not want output. */
export const silentLogger: Logger = createLogger({ level: 'silent', sink: () => {} });

function makeLogger(min: number, base: LogFields, sink: (line: string) => void): Logger {
  const write = (level: Exclude<LogLevel, 'silent'>, event: string, fields?: LogFields) => {
    if (rank[level] < min) return;
    sink(formatLine(level, event, { ...base, ...fields }));
  };
  return {
    debug: (event, fields) => write('debug', event, fields),
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    child: (fields) => makeLogger(min, { ...base, ...fields }, sink),
    isEnabled: (level) => rank[level] >= min && level !== 'silent',
  };
}

function formatLine(level: string, event: string, fields: LogFields): string {
  let line = `ts=${new Date().toISOString()} level=${level} event=${formatValue(event)}`;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    line += ` ${key}=${formatValue(value)}`;
  }
  return line;
}

function formatValue(value: string | number | boolean): string {
  const text = String(value);
  return /^[\w.:/@+-]+$/.test(text) ? text : JSON.stringify(text);
}
