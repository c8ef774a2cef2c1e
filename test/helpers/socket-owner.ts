import { readdir, readFile, readlink } from 'node:fs/promises';

/**
 * Which of `pids` holds the server side of the loopback TCP connection from `clientPort` to
 * `serverPort` (Linux /proc: the socket's inode in /proc/net/tcp, then the process with an fd on it).
 * Undefined when none does.
 */
export async function serverSideOwner(serverPort: number, clientPort: number, pids: number[]): Promise<number | undefined> {
  const hexPort = (p: number) => p.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      if (f[1].endsWith(`:${hexPort(serverPort)}`) && f[2].endsWith(`:${hexPort(clientPort)}`)) inodes.add(`socket:[${f[9]}]`);
    }
  }
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (inodes.has(target)) return pid;
    }
  }
  return undefined;
}

/** The processes (pid, command line) whose environment holds `needle`, e.g. a test's unique DATABASE_URL. */
export async function processesWithEnv(needle: string): Promise<Array<{ pid: number; cmdline: string }>> {
  const out: Array<{ pid: number; cmdline: string }> = [];
  for (const d of await readdir('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    const env = await readFile(`/proc/${d}/environ`, 'latin1').catch(() => '');
    if (!env.includes(needle)) continue;
    const cmdline = await readFile(`/proc/${d}/cmdline`, 'utf8').catch(() => '');
    out.push({ pid: Number(d), cmdline: cmdline.split('\0').join(' ').trim() });
  }
  return out;
}
