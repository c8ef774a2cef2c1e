/** Structured one-line JSON logs on stderr (stdout stays free for the first-start token banner). */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(opts: { level?: 'info' | 'warn' | 'error' | 'silent'; base?: Record<string, unknown> } = {}): Logger {
  const order = { info: 0, warn: 1, error: 2, silent: 3 };
  const min = order[opts.level ?? 'info'];
  const write = (level: 'info' | 'warn' | 'error') => (msg: string, fields?: Record<string, unknown>) => {
    if (order[level] < min) return;
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...opts.base, ...fields }) + '\n');
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
