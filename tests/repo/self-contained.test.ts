import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The repo stands on its own: no file may send a reader (or an import) to a path outside it. */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => file && !file.startsWith('resources/migrations/') && file !== 'package-lock.json')
  .filter((file) => /\.(ts|tsx|mts|mjs|cjs|js|json|md|yml|yaml|sh|py|ini|html|css)$/.test(file));

function outsidePointers(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\.\.\/)+[\w.@-][\w./@-]*/g)) {
    const target = resolve(root, dirname(file), match[0]);
    if (relative(root, target).startsWith('..')) found.push(match[0]);
  }
  // Absolute paths of the machines this was built on, and the design notes that live beside the repo.
  for (const match of text.matchAll(/\/work\/[\w./-]+|\bDESIGN\.md\b|shared\/reference\b/g))
    found.push(match[0]);
  return found;
}

describe('the repository', () => {
  it('finds the files it scans', () => {
    expect(tracked).toContain('docs/architecture.md');
    expect(tracked.length).toBeGreaterThan(100);
  });

  it('has no pointer to a file outside it', () => {
    const offenders = tracked.flatMap((file) =>
      outsidePointers(file, readFileSync(resolve(root, file), 'utf8')).map((hit) => `${file}: ${hit}`),
    );
    expect(offenders).toEqual([]);
  });

  it('would notice one', () => {
    // Built from pieces, so this file does not trip its own scan.
    const up = '../';
    const design = ['DESIGN', 'md'].join('.');
    const machinePath = ['', 'work', 'shared', 'x.md'].join('/');
    expect(
      outsidePointers('tests/sim/README.md', `see ${up.repeat(3)}shared/${'reference'}/b.md`),
    ).toHaveLength(2);
    expect(outsidePointers('README.md', `\`${up}shared/${design}\``)).toHaveLength(2);
    expect(outsidePointers('electron/core/a.ts', `import x from '${up.repeat(2)}shared/contract';`)).toEqual(
      [],
    );
    expect(outsidePointers('x.md', `in ${machinePath}`)).toEqual([machinePath]);
  });
});
