import type { LogFields, Logger } from '../../electron/core/util/logger';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: LogFields | undefined;
}

/**
 * The one logger tests record with. It keeps what the code handed it, unredacted, so a test that scans
 * `lines` for a secret proves the code never gave the secret to a logger at all.
 */
export interface RecordingLogger extends Logger {
  entries: LogEntry[];
  /** Each entry as one JSON line, `{"level":…,"message":…,…fields}`. */
  lines: string[];
  /** True when some line contains `text`, optionally at one level. */
  logged(text: string, level?: LogEntry['level']): boolean;
}

export function recordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const lines: string[] = [];
  const log = (level: LogEntry['level']) => (message: string, fields?: LogFields) => {
    entries.push({ level, message, fields });
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return {
    entries,
    lines,
    logged: (text, level) =>
      entries.some((entry, i) => (!level || entry.level === level) && lines[i]!.includes(text)),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
}
