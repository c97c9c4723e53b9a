import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessView {
  pid: number;
  command: string;
  /** The environment as the kernel keeps it (/proc/<pid>/environ), NUL-separated. */
  environ: string;
}

/** A process as /proc shows it, or null when it has ended. */
export function processView(pid: number): ProcessView | null {
  try {
    return {
      pid,
      command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '),
      environ: readFileSync(`/proc/${pid}/environ`, 'utf8'),
    };
  } catch {
    return null;
  }
}

/** The direct children of `pid`, read from /proc (Linux). */
export function childrenOf(pid: number): ProcessView[] {
  const found: ProcessView[] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may contain spaces, so split after the last ')'.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== pid) continue;
      const view = processView(Number(entry));
      if (view) found.push(view);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}
