export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Field names whose values never reach a log line, whatever module logs them. */
const secretField = /secret|password|passphrase|token|apikey|api_key|signature|authorization/i;

export function redact(fields: LogFields | undefined): LogFields | undefined {
  if (!fields) return fields;
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) out[key] = secretField.test(key) ? '[redacted]' : value;
  return out;
}

/** JSON lines on stderr: stdout is reserved for machine-readable output (the headless ready line). */
export function createConsoleLogger(
  scope: string,
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Logger {
  const log = (level: string) => (message: string, fields?: LogFields) =>
    write(JSON.stringify({ t: new Date().toISOString(), level, scope, message, ...redact(fields) }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
