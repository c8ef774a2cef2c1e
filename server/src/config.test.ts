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

describe('CERTPLANE_SPARE_KEYS', () => {
  it('keeps 10 RSA-2048 and 10 ECDSA P-256 keys when unset', () => {
    expect(loadConfig(base).worker.spareKeys).toEqual({ RSA_2048: 10, ECDSA_P256: 10 });
  });
  it('takes a count per key type, 0 included, spaces allowed', () => {
    expect(loadConfig({ ...base, CERTPLANE_SPARE_KEYS: 'RSA_4096=2, ECDSA_P384 = 0,ECDSA_P256=1000' }).worker.spareKeys).toEqual({ RSA_4096: 2, ECDSA_P384: 0, ECDSA_P256: 1000 });
  });
  it.each(['0', 'off', '', ' , '])('keeps no pool for %j', (value) => {
    expect(loadConfig({ ...base, CERTPLANE_SPARE_KEYS: value }).worker.spareKeys).toEqual({});
  });
  it.each([
    ['RSA_1024=5', '"RSA_1024" is not a key type (RSA_2048, RSA_3072, RSA_4096, ECDSA_P256, ECDSA_P384)'],
    ['rsa_2048=5', '"rsa_2048" is not a key type'],
    ['RSA_2048', '"RSA_2048" must be KEY_TYPE=count'],
    ['RSA_2048=1=2', '"RSA_2048=1=2" must be KEY_TYPE=count'],
    ['RSA_2048=1001', 'RSA_2048=1001 must have a count from 0 to 1000'],
    ['ECDSA_P256=-1', 'ECDSA_P256=-1 must have a count from 0 to 1000'],
    ['ECDSA_P256=2.5', 'ECDSA_P256=2.5 must have a count from 0 to 1000'],
    ['ECDSA_P256=many', 'ECDSA_P256=many must have a count from 0 to 1000'],
    ['RSA_2048=1,RSA_2048=2', 'RSA_2048 is given twice'],
  ])('refuses %s at start-up, naming the variable and what it allows', (value, problem) => {
    expect(() => loadConfig({ ...base, CERTPLANE_SPARE_KEYS: value })).toThrow(`CERTPLANE_SPARE_KEYS: ${problem}`);
  });
});

describe('zones settings', () => {
  it('require no zones, reserve none and name no platform nameservers when unset', () => {
    expect(loadConfig(base).zones).toEqual({ reserved: [], required: false, platformNameservers: [] });
  });
  it('take reserved zones and nameservers as comma-separated names (case and a trailing dot normalised), and true or false', () => {
    const zones = loadConfig({ ...base, CERTPLANE_RESERVED_ZONES: 'Platform.example., certplane.io', CERTPLANE_PLATFORM_NAMESERVERS: 'ns1.platform.example,NS2.platform.example.', CERTPLANE_REQUIRE_ZONES: 'true' }).zones;
    expect(zones).toEqual({ reserved: ['platform.example', 'certplane.io'], required: true, platformNameservers: ['ns1.platform.example', 'ns2.platform.example'] });
  });
  it.each([
    ['CERTPLANE_REQUIRE_ZONES', 'yes', 'CERTPLANE_REQUIRE_ZONES=yes must be true or false'],
    ['CERTPLANE_RESERVED_ZONES', 'example.com,bad_name.com', 'CERTPLANE_RESERVED_ZONES: "bad_name.com" is not a domain name'],
    ['CERTPLANE_PLATFORM_NAMESERVERS', '192.0.2.1:53', 'CERTPLANE_PLATFORM_NAMESERVERS: "192.0.2.1:53" is not a domain name'],
  ])('refuses %s=%s at start-up', (name, value, problem) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(problem);
  });
});

describe('CERTPLANE_PLATFORM_DOMAIN', () => {
  it('is unset by default: apps get no default domain', () => {
    expect(loadConfig(base).platform.domain).toBeUndefined();
  });
  it('is normalised and reserved: no organization adds names under it', () => {
    const config = loadConfig({ ...base, CERTPLANE_PLATFORM_DOMAIN: 'Apps.Example.NET.', CERTPLANE_RESERVED_ZONES: 'other.example' });
    expect(config.platform.domain).toBe('apps.example.net');
    expect(config.zones.reserved).toEqual(['other.example', 'apps.example.net']);
  });
  it('is not added twice under a reserved zone that holds it already', () => {
    expect(loadConfig({ ...base, CERTPLANE_PLATFORM_DOMAIN: 'apps.example.net', CERTPLANE_RESERVED_ZONES: 'example.net' }).zones.reserved).toEqual(['example.net']);
  });
  it.each([
    ['*.apps.example.net', 'certplane orders the wildcard'],
    ['co.uk', 'public suffix'],
    ['apps_example.net', 'not a valid hostname'],
    ['127.0.0.1', 'IP addresses are not allowed'],
  ])('refuses %s at start-up, saying why', (value, problem) => {
    expect(() => loadConfig({ ...base, CERTPLANE_PLATFORM_DOMAIN: value })).toThrow(problem);
  });
});
