/**
 * Failpoints for fault-injection tests: `CERTPLANE_FAILPOINTS=crash-after:order_created,...` makes
 * this process die (SIGKILL, no clean-up, as a crash would) right after the named point. Unset in
 * production; checking costs one Set lookup.
 */
const armed = new Set(
  (process.env.CERTPLANE_FAILPOINTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

export function failpoint(name: string): void {
  if (armed.size && armed.has(`crash-after:${name}`)) {
    process.stderr.write(`failpoint crash-after:${name}: killing process ${process.pid}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
