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

describe('CERTPLANE_GRAPHQL_COMPILE_AFTER', () => {
  it('compiles a query document on its second run by default; 0 turns compiling off', () => {
    expect(loadConfig(base).graphqlCompileAfter).toBe(2);
    expect(loadConfig({ ...base, CERTPLANE_GRAPHQL_COMPILE_AFTER: '0' }).graphqlCompileAfter).toBe(0);
    expect(() => loadConfig({ ...base, CERTPLANE_GRAPHQL_COMPILE_AFTER: 'yes' })).toThrow('CERTPLANE_GRAPHQL_COMPILE_AFTER=yes must be an integer >= 0');
  });
});
