import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from '../util/logger';
import { DriverConflictError } from './driver-lock';

/** Records which process started the server, so a second start can tell "in use" from "orphaned". */
export function ownerFile(clusterDir: string): string {
  return `${clusterDir}.owner`;
}

/**
 * A postmaster.pid left by a crash blocks the next start whenever its PID now belongs to another
 * process (PIDs are reused after a reboot, and in containers almost always). We remove it when its
 * PID is dead or is not a postgres serving this directory. A live postgres serving it is either in use
 * (its parent is the process recorded in the owner file: another Synthex) and we refuse, or orphaned
 * (the app was killed, the server was not) and we ask it to shut down first.
 */
export async function clearStalePostmaster(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    const command = await readCommandLine(pid);
    if (command === null) return; // cannot tell (no /proc): leave the decision to postgres itself
    if (command.some((arg) => arg.endsWith('postgres')) && command.some((arg) => sameDir(arg, clusterDir))) {
      const owner = await readOwner(clusterDir);
      if (owner !== null && owner === (await readParentPid(pid)) && isAlive(owner)) {
        throw new DriverConflictError(
          `The database in ${clusterDir} is in use by another Synthex process (pid ${owner}). ` +
            'Quit that one first, or give this one its own data directory.',
          null,
        );
      }
      logger.warn('stopping an orphaned embedded postgres left by a previous run', { pid });
      await stopProcess(pid);
      return; // a clean shutdown removes its own postmaster.pid
    }
  }
  logger.warn('removing stale postmaster.pid', { pid: Number.isNaN(pid) ? null : pid });
  await rm(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Exited, but not reaped yet. The orphan's parent (the killed app) is gone, so init reaps it on its own
 * schedule: a container's init took 1–2 s after postgres had exited in ~20 ms, and every restart after a
 * crash waited for it. A zombie holds its PID and nothing else (no port, no postmaster.pid).
 */
async function isZombie(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z'); // field 3, after the command name
  } catch {
    return false;
  }
}

async function readCommandLine(pid: number): Promise<string[] | null> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

async function readOwner(clusterDir: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(ownerFile(clusterDir), 'utf8'), 10);
    return Number.isInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

async function readParentPid(pid: number): Promise<number | null> {
  try {
    // Field 4 of /proc/<pid>/stat, after the command name in parentheses (which may contain spaces).
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

function sameDir(arg: string, dir: string): boolean {
  return resolve(arg) === resolve(dir);
}

async function stopProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT'); // postgres "fast shutdown": rolls back open transactions, exits cleanly
  for (let waited = 0; waited < 30_000; waited += 25) {
    if (!isAlive(pid) || (await isZombie(pid))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`The orphaned postgres (pid ${pid}) did not stop within 30 s; stop it and start again.`);
}
