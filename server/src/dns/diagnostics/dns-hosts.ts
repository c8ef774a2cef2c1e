/**
 * Recognises a zone's DNS host from its nameserver names, so instructions can say "in Cloudflare"
 * rather than "at your DNS host". Pure; a table of well-known nameserver name patterns.
 */

export interface DnsHost {
  /** Stable id, kebab-case: 'cloudflare', 'route53', ... */
  id: string;
  /** Name to show a person: 'Cloudflare', 'Amazon Route 53', ... */
  name: string;
}

interface DnsHostPattern extends DnsHost {
  /** Matches a nameserver host name (lower case, no trailing dot). */
  ns: RegExp;
}

/** Ends with one of `suffixes` (each a domain), as a whole label sequence. */
const under = (...suffixes: string[]) => new RegExp(`(^|\\.)(${suffixes.map((s) => s.replace(/\./g, '\\.')).join('|')})$`);

/** Well-known DNS hosts and their nameserver names (as published by each host); first match wins. */
export const DNS_HOSTS: readonly DnsHostPattern[] = [
  { id: 'cloudflare', name: 'Cloudflare', ns: under('ns.cloudflare.com') },
  // ns-123.awsdns-45.com, .net, .org, .co.uk
  { id: 'route53', name: 'Amazon Route 53', ns: /(^|\.)awsdns-\d+\.(com|net|org|co\.uk)$/ },
  // ns-cloud-a1.googledomains.com (Cloud DNS; Google Domains' zones moved to Squarespace on the same servers)
  { id: 'google-cloud-dns', name: 'Google Cloud DNS', ns: under('googledomains.com') },
  { id: 'azure', name: 'Azure DNS', ns: /(^|\.)azure-dns\.(com|net|org|info)$/ },
  { id: 'ovh', name: 'OVHcloud', ns: under('ovh.net', 'ovh.ca', 'anycast.me') },
  { id: 'gandi', name: 'Gandi', ns: under('gandi.net') },
  { id: 'dnsimple', name: 'DNSimple', ns: under('dnsimple.com', 'dnsimple-edge.net', 'dnsimple-edge.org') },
  { id: 'godaddy', name: 'GoDaddy', ns: under('domaincontrol.com') },
  { id: 'namecheap', name: 'Namecheap', ns: under('registrar-servers.com') },
  { id: 'digitalocean', name: 'DigitalOcean', ns: under('digitalocean.com') },
  // hydrogen.ns.hetzner.com, helium.ns.hetzner.de; the older robot DNS at ns1.your-server.de
  { id: 'hetzner', name: 'Hetzner', ns: under('ns.hetzner.com', 'ns.hetzner.de', 'your-server.de') },
  { id: 'linode', name: 'Linode (Akamai)', ns: under('linode.com') },
  { id: 'ns1', name: 'NS1', ns: under('nsone.net') },
  { id: 'akamai', name: 'Akamai Edge DNS', ns: under('akam.net') },
  { id: 'ultradns', name: 'UltraDNS', ns: /(^|\.)ultradns\.(com|net|org|biz|info|co\.uk)$/ },
  { id: 'dnsmadeeasy', name: 'DNS Made Easy', ns: under('dnsmadeeasy.com') },
  { id: 'vercel', name: 'Vercel', ns: under('vercel-dns.com') },
  { id: 'porkbun', name: 'Porkbun', ns: under('porkbun.com') },
  { id: 'name-com', name: 'Name.com', ns: under('name.com') },
  { id: 'ionos', name: 'IONOS', ns: /(^|\.)ui-dns\.(com|de|org|biz)$/ },
  { id: 'scaleway', name: 'Scaleway', ns: under('scw.cloud') },
  { id: 'hurricane-electric', name: 'Hurricane Electric', ns: under('he.net') },
  { id: 'desec', name: 'deSEC', ns: under('desec.io', 'desec.org') },
  { id: 'bunny', name: 'Bunny DNS', ns: under('bunny.net') },
  { id: 'vultr', name: 'Vultr', ns: under('vultr.com') },
  { id: 'squarespace', name: 'Squarespace', ns: under('squarespacedns.com') },
  { id: 'wix', name: 'Wix', ns: under('wixdns.net') },
];

/**
 * The DNS host serving a zone, from its NS host names: the host that most of them match (the first
 * in the table on a tie, e.g. halfway through a move between hosts); null when none is known.
 */
export function detectDnsHost(nameservers: string[], hosts: readonly DnsHostPattern[] = DNS_HOSTS): DnsHost | null {
  let best: { host: DnsHostPattern; count: number } | null = null;
  for (const host of hosts) {
    const count = nameservers.filter((ns) => host.ns.test(ns.trim().toLowerCase().replace(/\.$/, ''))).length;
    if (count > 0 && (!best || count > best.count)) best = { host, count };
  }
  return best ? { id: best.host.id, name: best.host.name } : null;
}
