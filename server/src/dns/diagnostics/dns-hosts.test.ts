import { describe, expect, it } from 'vitest';
import { detectDnsHost } from './dns-hosts.js';

describe('detectDnsHost', () => {
  it.each([
    [['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'], 'cloudflare', 'Cloudflare'],
    [['ns-1234.awsdns-12.org', 'ns-567.awsdns-07.net', 'ns-1890.awsdns-53.co.uk', 'ns-12.awsdns-01.com'], 'route53', 'Amazon Route 53'],
    [['ns-cloud-a1.googledomains.com.', 'ns-cloud-a2.googledomains.com.'], 'google-cloud-dns', 'Google Cloud DNS'],
    [['ns1-01.azure-dns.com', 'ns2-01.azure-dns.net', 'ns3-01.azure-dns.org', 'ns4-01.azure-dns.info'], 'azure', 'Azure DNS'],
    [['dns10.ovh.net', 'ns10.ovh.net'], 'ovh', 'OVHcloud'],
    [['ns-123-a.gandi.net', 'ns-45-b.gandi.net'], 'gandi', 'Gandi'],
    [['ns1.dnsimple.com', 'ns2.dnsimple-edge.net'], 'dnsimple', 'DNSimple'],
    [['NS51.DOMAINCONTROL.COM', 'ns52.domaincontrol.com'], 'godaddy', 'GoDaddy'],
    [['dns1.registrar-servers.com', 'dns2.registrar-servers.com'], 'namecheap', 'Namecheap'],
    [['ns1.digitalocean.com', 'ns2.digitalocean.com'], 'digitalocean', 'DigitalOcean'],
    [['hydrogen.ns.hetzner.com', 'helium.ns.hetzner.de'], 'hetzner', 'Hetzner'],
    [['ns1.linode.com'], 'linode', 'Linode (Akamai)'],
    [['dns1.p01.nsone.net', 'dns2.p01.nsone.net'], 'ns1', 'NS1'],
  ])('recognises %j as %s', (nameservers, id, name) => {
    expect(detectDnsHost(nameservers)).toEqual({ id, name });
  });

  it('takes the host most nameservers belong to, halfway through a move', () => {
    expect(detectDnsHost(['ns1.digitalocean.com', 'ada.ns.cloudflare.com', 'bob.ns.cloudflare.com'])).toEqual({ id: 'cloudflare', name: 'Cloudflare' });
  });

  it('does not match a look-alike name that only contains a suffix', () => {
    expect(detectDnsHost(['ns1.notovh.net', 'ns.cloudflare.com.evil.example'])).toBeNull();
  });

  it('knows nothing of self-hosted or unknown nameservers, nor of none', () => {
    expect(detectDnsHost(['ns1.example.test'])).toBeNull();
    expect(detectDnsHost([])).toBeNull();
  });
});
