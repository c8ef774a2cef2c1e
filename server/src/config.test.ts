import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const base = { DATABASE_URL: 'postgres://certplane@127.0.0.1/certplane', CERTPLANE_MASTER_KEY: randomBytes(32).toString('base64') };

describe('CERTPLANE_API_PROCESSES', () => {
  it('is one process (no cluster) when unset', () => {
    expect(loadConfig(base).apiProcesses).toBe(1);
  });
  it('takes a count of HTTP processes', () => {
    expect(loadConfig({ ...base, CERTPLANE_API_PROCESSES: '4' }).apiProcesses).toBe(4);
  });
  it.each(['0', '-2', '1.5', 'auto'])('refuses %s, saying what it must be', (value) => {
    expect(() => loadConfig({ ...base, CERTPLANE_API_PROCESSES: value })).toThrow(`CERTPLANE_API_PROCESSES=${value} must be an integer >= 1`);
  });
});
