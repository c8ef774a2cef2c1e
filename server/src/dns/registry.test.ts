import { describe, expect, it } from 'vitest';
import { createDnsProvider } from './registry.js';

describe('createDnsProvider', () => {
  it("gives no provider for 'none'", () => {
    expect(createDnsProvider({ provider: 'none' })).toBeNull();
  });

  it("builds the PowerDNS provider for 'powerdns'", () => {
    const p = createDnsProvider({ provider: 'powerdns', powerdns: { apiUrl: 'http://127.0.0.1:8081', apiKey: 'k' } });
    expect(p?.name).toBe('powerdns');
  });

  it('names the missing setting when PowerDNS is chosen without its options', () => {
    expect(() => createDnsProvider({ provider: 'powerdns' })).toThrow("dns.provider is 'powerdns' but dns.powerdns (apiUrl, apiKey) is missing");
    expect(() => createDnsProvider({ provider: 'powerdns', powerdns: { apiUrl: 'localhost:8081', apiKey: 'k' } })).toThrow(/apiUrl must be an http\(s\) URL/);
  });

  it('rejects an unknown provider name', () => {
    expect(() => createDnsProvider({ provider: 'no-such-dns' as 'none' })).toThrow(/unknown dns.provider "no-such-dns"/);
  });
});
