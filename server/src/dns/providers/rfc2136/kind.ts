import type { DnsProviderKind } from '../../provider-kind.js';
import { createRfc2136Provider } from './index.js';
import { numberSetting } from './options.js';

/**
 * RFC 2136 dynamic updates signed with TSIG, as a provider kind. TSIG is required: without it the
 * nameserver would trust certplane's address, and any organization could have certplane update zones
 * that server trusts it for. The common `endpoint` setting (an HTTP URL) has no use here: `nameserver`
 * says where updates go.
 */
export const rfc2136Kind: DnsProviderKind = {
  name: 'rfc2136',
  title: 'RFC 2136 dynamic update with TSIG (BIND, Knot, PowerDNS)',
  settings: [
    { name: 'nameserver', required: true, secret: false, description: "the primary taking dynamic updates: IP address, optionally with a port ('192.0.2.53', '192.0.2.53:5353', '[2001:db8::53]:53')" },
    { name: 'tsig_key_name', required: true, secret: false, description: 'name of the TSIG key as the server knows it (BIND: key "<name>")' },
    { name: 'tsig_secret', required: true, secret: true, description: "the key's secret, base64 (BIND's secret, tsig-keygen's output)" },
    { name: 'tsig_algorithm', required: false, secret: false, description: 'hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384 or hmac-sha512 (default hmac-sha256)' },
    { name: 'zone', required: false, secret: false, description: "zone to update (default: found by asking the nameserver for the name's SOA)" },
    { name: 'ttl', required: false, secret: false, description: 'TTL of the TXT records, in seconds (default 60)' },
    { name: 'timeout', required: false, secret: false, description: 'seconds to wait for an answer from the nameserver (default 10; a UDP request is sent twice)' },
  ],
  create: (s, deps) => {
    const timeout = numberSetting('timeout', s.timeout);
    return createRfc2136Provider({
      nameserver: s.nameserver,
      tsigKeyName: s.tsig_key_name,
      tsigSecret: s.tsig_secret,
      tsigAlgorithm: s.tsig_algorithm,
      zone: s.zone,
      ttl: numberSetting('ttl', s.ttl),
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      now: deps?.now,
    });
  },
};
