import { redactText, redactValue } from './redact';

export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** The fields with every secret redacted, at any depth (see redact.ts). */
export function redact(fields: LogFields | undefined): LogFields | undefined {
  return fields ? (redactValue(fields) as LogFields) : fields;
}

/** The one line format, on stderr headless and in the log files on the desktop: JSON, redacted. */
export function formatLogLine(level: string, scope: string, message: string, fields?: LogFields): string {
  return JSON.stringify({
    t: new Date().toISOString(),
    level,
    scope,
    message: redactText(message),
    ...redact(fields),
  });
}

/** JSON lines on stderr: stdout is reserved for machine-readable output (the headless ready line). */
export function createConsoleLogger(
  scope: string,
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Logger {
  const log = (level: string) => (message: string, fields?: LogFields) =>
    write(formatLogLine(level, scope, message, fields));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
