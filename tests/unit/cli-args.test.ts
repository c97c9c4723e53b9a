import { describe, expect, it } from 'vitest';
import { defaultDataDir, defaultPort, parseHeadlessArgs } from '../../electron/headless/cli-args';

describe('headless arguments', () => {
  it('defaults the port and the data directory', () => {
    const args = parseHeadlessArgs([], { SYNTHEX_DATA_DIR: undefined });
    expect(args.port).toBe(defaultPort);
    expect(args.dataDir).toBe(defaultDataDir());
  });

  it('keeps root out of /root, which the embedded Postgres user cannot enter', () => {
    expect(defaultDataDir(0)).toBe('/var/lib/synthex');
    expect(defaultDataDir(1000)).toMatch(/[\\/]\.synthex$/);
  });

  it('takes --port and --data-dir', () => {
    expect(parseHeadlessArgs(['--port', '0', '--data-dir', '/tmp/x'])).toEqual({
      port: 0,
      dataDir: '/tmp/x',
    });
  });

  it.each([['--port', 'abc'], ['--port', '70000'], ['--verbose']])('refuses %s %s', (...argv) => {
    expect(() => parseHeadlessArgs(argv.filter(Boolean))).toThrow();
  });
});
