import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

/**
 * `npm test` runs the static checks beside the build, and electron-vite bundles its config to
 * `electron.vite.config.<timestamp>.mjs` beside it for the length of the build: a lint that listed the
 * file, then read it after the build had deleted it, failed the run (ENOENT). Neither check reads it.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bundledConfig = `${root}electron.vite.config.1796498852274.mjs`;

describe('the build’s temporary config is no file of ours', () => {
  it('is ignored by ESLint', async () => {
    expect(await new ESLint({ cwd: root }).isPathIgnored(bundledConfig)).toBe(true);
  });

  it('is ignored by Prettier', async () => {
    const info = await prettier.getFileInfo(bundledConfig, { ignorePath: `${root}.prettierignore` });
    expect(info.ignored).toBe(true);
  });

  it('leaves the config itself checked', async () => {
    expect(await new ESLint({ cwd: root }).isPathIgnored(`${root}electron.vite.config.ts`)).toBe(false);
  });
});
