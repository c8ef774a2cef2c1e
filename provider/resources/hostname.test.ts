import { describe, expect, it } from 'vitest';
import { planResourceChange } from '../framework/plan.js';
import { certificateResource } from './certificate.js';
import { domainResource } from './domain.js';
import { sameHostname, sameHostnames } from './hostname.js';

describe('hostname spellings', () => {
  it.each([
    ['case', 'API.Example.TEST', 'api.example.test', true],
    ['a trailing dot', 'api.example.test.', 'api.example.test', true],
    ['Unicode against punycode', 'bücher.example.test', 'xn--bcher-kva.example.test', true],
    ['a wildcard in upper case', '*.EXAMPLE.test', '*.example.test', true],
    ['another name', 'api2.example.test', 'api.example.test', false],
  ])('%s', (_name, a, b, same) => {
    expect(sameHostname(a, b)).toBe(same);
  });

  it('compares SAN lists as sets of normalised names', () => {
    expect(sameHostnames(['B.example.test', 'a.example.test.'], ['a.example.test', 'b.example.test'])).toBe(true);
    expect(sameHostnames(['a.example.test'], ['a.example.test', 'b.example.test'])).toBe(false);
  });
});

const domain = (common_name: string) => ({ id: 'd1', common_name, app: 'shop', letsencrypt_enabled: true, canonical: false, status: 'IN_USE', status_message: null, letsencrypt_status: 'ISSUED', dns_requirements: null });

describe('plans', () => {
  it('updates a domain in place when common_name is only spelled another way', () => {
    const plan = planResourceChange(domainResource, domain('api.example.test'), domain('API.EXAMPLE.TEST.'), domain('API.EXAMPLE.TEST.'));
    expect(plan.requiresReplace).toEqual([]);
  });

  it('replaces a domain whose common_name names another host', () => {
    const plan = planResourceChange(domainResource, domain('api.example.test'), domain('api2.example.test'), domain('api2.example.test'));
    expect(plan.requiresReplace).toEqual([['common_name']]);
  });

  it('keeps a certificate whose sans are respelled or reordered, and replaces it for another name', () => {
    const cert = (sans: string[]) => ({ id: 'c1', domain: 'd1', sans, key_type: 'RSA_2048', auto_renew: true, revoke_on_destroy: false, status: 'ISSUED', timeouts: null });
    expect(planResourceChange(certificateResource, cert(['a.example.test', 'b.example.test']), cert(['B.example.test.', 'a.example.test']), cert(['B.example.test.', 'a.example.test'])).requiresReplace).toEqual([]);
    expect(planResourceChange(certificateResource, cert(['a.example.test']), cert(['c.example.test']), cert(['c.example.test'])).requiresReplace).toEqual([['sans']]);
  });
});
