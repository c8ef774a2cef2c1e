import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';

const base = { DATABASE_URL: 'postgres://certplane@127.0.0.1/certplane', CERTPLANE_MASTER_KEY: randomBytes(32).toString('base64') };

describe('metrics settings', () => {
  it('serve no metrics by default: no listener, no token, a 20 s refresh, 100 certificates with series of their own', () => {
    expect(loadConfig(base).metrics).toEqual({ listen: undefined, token: undefined, refreshMs: 20_000, perCertificateSeries: 100 });
  });
  it.each([
    ['127.0.0.1:9464', { host: '127.0.0.1', port: 9464 }],
    ['0.0.0.0:0', { host: '0.0.0.0', port: 0 }],
    ['[::1]:9464', { host: '::1', port: 9464 }],
    ['metrics.internal:9100', { host: 'metrics.internal', port: 9100 }],
  ])('take CERTPLANE_METRICS_LISTEN=%s as host and port', (value, listen) => {
    expect(loadConfig({ ...base, CERTPLANE_METRICS_LISTEN: value }).metrics.listen).toEqual(listen);
  });
  it.each(['9464', '127.0.0.1', '::1:9464', '127.0.0.1:70000'])('refuse CERTPLANE_METRICS_LISTEN=%s, with an example', (value) => {
    expect(() => loadConfig({ ...base, CERTPLANE_METRICS_LISTEN: value })).toThrow(`CERTPLANE_METRICS_LISTEN=${value} must be host:port, e.g. 127.0.0.1:9464`);
  });
  it('take a token of at least 16 characters', () => {
    expect(loadConfig({ ...base, CERTPLANE_METRICS_TOKEN: 'a'.repeat(16) }).metrics.token).toBe('a'.repeat(16));
    expect(() => loadConfig({ ...base, CERTPLANE_METRICS_TOKEN: 'short' })).toThrow('CERTPLANE_METRICS_TOKEN must be at least 16 characters');
  });
  it('take the refresh in seconds and the per-certificate series, 0 meaning aggregates only', () => {
    const m = loadConfig({ ...base, CERTPLANE_METRICS_REFRESH: '30', CERTPLANE_METRICS_CERTIFICATE_SERIES: '0' }).metrics;
    expect([m.refreshMs, m.perCertificateSeries]).toEqual([30_000, 0]);
    expect(() => loadConfig({ ...base, CERTPLANE_METRICS_REFRESH: '0' })).toThrow('CERTPLANE_METRICS_REFRESH=0 must be an integer >= 1');
  });
  it('beat every 5 s by default (CERTPLANE_WORKER_HEARTBEAT, seconds)', () => {
    expect(loadConfig(base).worker.heartbeatMs).toBe(5000);
    expect(loadConfig({ ...base, CERTPLANE_WORKER_HEARTBEAT: '1' }).worker.heartbeatMs).toBe(1000);
  });
});
