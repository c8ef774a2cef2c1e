import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { inChallengeZone } from './settings.js';

const base = { DATABASE_URL: 'postgres://certplane@127.0.0.1/certplane', CERTPLANE_MASTER_KEY: randomBytes(32).toString('base64'), CERTPLANE_CHALLENGE_ZONE: 'Acme.Platform.Test.' };
const server = (env: Record<string, string>) => loadConfig({ ...base, ...env }).dns.challengeServer;

describe('CERTPLANE_CHALLENGE_DNS_*', () => {
  it('leaves the zone to the DNS provider when neither LISTEN nor NS is set', () => {
    expect(server({})).toBeUndefined();
  });

  it('serves the zone on the listen addresses, with ns1.<zone> at their IPs by default', () => {
    expect(server({ CERTPLANE_CHALLENGE_DNS_LISTEN: '127.0.0.2:5353, [::1]:5353,127.0.0.3' })).toEqual({
      zone: 'acme.platform.test',
      listen: [{ host: '127.0.0.2', port: 5353 }, { host: '::1', port: 5353 }, { host: '127.0.0.3', port: 53 }],
      nameservers: [{ name: 'ns1.acme.platform.test', addresses: ['127.0.0.2', '::1', '127.0.0.3'] }],
      hostmaster: 'hostmaster.acme.platform.test',
      ttlS: 1,
      rateLimit: 100,
    });
  });

  it('takes nameservers (a name repeated for each address), a hostmaster mailbox, the TTL and the rate limit', () => {
    expect(
      server({
        CERTPLANE_CHALLENGE_DNS_LISTEN: '0.0.0.0:53',
        CERTPLANE_CHALLENGE_DNS_NS: 'ns1.acme.platform.test=192.0.2.53,NS1.acme.platform.test.=2001:db8::53,ns.elsewhere.test',
        CERTPLANE_CHALLENGE_DNS_HOSTMASTER: 'dns-admin@platform.test',
        CERTPLANE_CHALLENGE_DNS_TTL: '5',
        CERTPLANE_CHALLENGE_DNS_RATE_LIMIT: '0',
      }),
    ).toMatchObject({
      nameservers: [
        { name: 'ns1.acme.platform.test', addresses: ['192.0.2.53', '2001:db8::53'] },
        { name: 'ns.elsewhere.test', addresses: [] },
      ],
      hostmaster: 'dns-admin.platform.test',
      ttlS: 5,
      rateLimit: 0,
    });
  });

  it('serves the zone with NS alone (a worker that writes rows for the processes that answer), listening nowhere', () => {
    expect(server({ CERTPLANE_CHALLENGE_DNS_NS: 'ns1.acme.platform.test=192.0.2.53' })).toMatchObject({ listen: [] });
  });

  it.each([
    [{ CERTPLANE_CHALLENGE_ZONE: '', CERTPLANE_CHALLENGE_DNS_LISTEN: '127.0.0.1:5353' }, 'need CERTPLANE_CHALLENGE_ZONE'],
    [{ CERTPLANE_CHALLENGE_DNS_LISTEN: 'localhost:53' }, '"localhost:53" is not ip[:port]'],
    [{ CERTPLANE_CHALLENGE_DNS_LISTEN: '127.0.0.1:70000' }, '"127.0.0.1:70000" is not ip[:port]'],
    [{ CERTPLANE_CHALLENGE_DNS_LISTEN: '0.0.0.0:53' }, 'CERTPLANE_CHALLENGE_DNS_NS is required'],
    [{ CERTPLANE_CHALLENGE_DNS_NS: 'ns1.acme.platform.test' }, 'ns1.acme.platform.test is inside acme.platform.test, so it needs an address'],
    [{ CERTPLANE_CHALLENGE_DNS_NS: 'ns1.acme.platform.test=not-an-ip' }, '"not-an-ip" (for ns1.acme.platform.test) is not an IP address'],
    [{ CERTPLANE_CHALLENGE_DNS_LISTEN: '127.0.0.1', CERTPLANE_CHALLENGE_DNS_TTL: '-1' }, 'CERTPLANE_CHALLENGE_DNS_TTL=-1 must be an integer from 0 to 86400'],
    [{ CERTPLANE_CHALLENGE_DNS_LISTEN: '127.0.0.1', CERTPLANE_CHALLENGE_DNS_RATE_LIMIT: 'lots' }, 'CERTPLANE_CHALLENGE_DNS_RATE_LIMIT=lots must be an integer'],
    [{ CERTPLANE_CHALLENGE_DNS_LISTEN: '127.0.0.1', CERTPLANE_CHALLENGE_DNS_HOSTMASTER: 'not a name' }, 'CERTPLANE_CHALLENGE_DNS_HOSTMASTER=not a name is not a mailbox'],
  ])('refuses %j: %s', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });
});

describe('inChallengeZone', () => {
  const settings = server({ CERTPLANE_CHALLENGE_DNS_LISTEN: '127.0.0.1:5353' });
  it.each([
    ['a name under the zone', '0123abcd.acme.platform.test', true],
    ['the zone itself', 'acme.platform.test', true],
    ['a name that only ends like it', 'xacme.platform.test', false],
    ['the parent', 'platform.test', false],
  ])('%s: %s', (_, name, expected) => {
    expect(inChallengeZone(settings, name)).toBe(expected);
    expect(inChallengeZone(undefined, name)).toBe(false);
  });
});
