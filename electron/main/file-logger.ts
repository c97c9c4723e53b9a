import log from 'electron-log/node';
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { formatLogLine, type LogFields, type Logger } from '../core/util/logger';

export const logFileName = 'synthex.log';

export interface FileLoggerOptions {
  /** The platform's log folder (Electron's app.getPath('logs')). */
  directory: string;
  scope: string;
  /** A file is rotated once it passes this size; `keep` rotated files are kept beside it. */
  maxBytes?: number;
  keep?: number;
  /** Also write each line to stderr (development runs). */
  echo?: boolean;
}

/**
 * The desktop's logger: electron-log's file transport (its Node entry, which registers no IPC channel
 * of its own) writing the same redacted JSON lines as headless mode writes to stderr, to
 * `<log folder>/synthex.log`, owner-only, rotated to synthex.1.log … synthex.<keep>.log.
 */
export function createFileLogger(options: FileLoggerOptions): Logger {
  const logger = log.create({ logId: `synthex-${options.scope}` });
  const file = logger.transports.file;
  file.resolvePathFn = () => join(options.directory, logFileName);
  file.format = '{text}';
  file.maxSize = options.maxBytes ?? 5 * 1024 * 1024;
  file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  file.archiveLogFn = (current) => rotateLogFiles(current.toString(), options.keep ?? 5);
  logger.transports.console.level = options.echo ? 'silly' : false;
  logger.transports.console.format = '{text}';
  const write = (level: 'info' | 'warn' | 'error') => (message: string, fields?: LogFields) =>
    logger[level](formatLogLine(level, options.scope, message, fields));
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/** synthex.log → synthex.1.log, synthex.1.log → synthex.2.log …; the oldest beyond `keep` is deleted. */
export function rotateLogFiles(path: string, keep: number): void {
  const dir = dirname(path);
  const ext = extname(path);
  const stem = basename(path, ext);
  const numbered = (n: number) => join(dir, `${stem}.${n}${ext}`);
  const pattern = new RegExp(
    `^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)${ext.replace('.', '\\.')}$`,
  );
  for (const name of readdirSync(dir)) {
    const n = Number(pattern.exec(name)?.[1]);
    if (n >= keep) rmSync(join(dir, name), { force: true });
  }
  for (let n = keep - 1; n >= 1; n--) {
    try {
      renameSync(numbered(n), numbered(n + 1));
    } catch {
      // not there yet
    }
  }
  renameSync(path, numbered(1));
}
