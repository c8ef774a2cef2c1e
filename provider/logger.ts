/**
 * Logs on stderr as hclog JSON lines, which go-plugin re-emits in Terraform's log (TF_LOG=debug).
 * stdout belongs to the handshake line alone.
 */
export type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
}

export const stderrLogger: Logger = {
  log(level, message, fields = {}) {
    const line = JSON.stringify({ '@level': level, '@message': message, '@module': 'provider.certplane', '@timestamp': new Date().toISOString(), ...fields });
    process.stderr.write(line + '\n');
  },
};
