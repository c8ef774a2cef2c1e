import { randomInt } from 'node:crypto';
import type { DecodedPacket } from 'dns-packet';
import { DnsProviderError, normalizeFqdn, type DnsProvider } from '../../dns-provider.js';
import { ExchangeError, signedExchange, type SignedAnswer } from './exchange.js';
import { resolveRfc2136Options, type Rfc2136ProviderOptions } from './options.js';
import { TSIG_ERRORS } from './tsig.js';
import { CLASS, encodeSoaQuery, encodeUpdate, plainName, txtStrings } from './wire.js';

export type { Rfc2136ProviderOptions } from './options.js';

const PROVIDER = 'rfc2136';

/**
 * DNS-01 provider speaking RFC 2136 dynamic UPDATE, signed with TSIG (RFC 8945), to a primary: BIND,
 * Knot, PowerDNS (Windows DNS signs updates with GSS-TSIG, Kerberos, only: not covered). present adds the TXT RR with no prerequisite (adding an RR that is there
 * already changes nothing, RFC 2136 section 3.4.2.2, so several values share a name and a retry is
 * harmless); cleanUp deletes that one RR (class NONE, section 2.5.4). Every request is signed and every
 * answer's TSIG checked. The zone is the `zone` option, or the owner of the SOA the nameserver gives for
 * the name (in the answer at an apex, in the authority section below it), walking up while it refuses.
 */
export function createRfc2136Provider(options: Rfc2136ProviderOptions): DnsProvider {
  const o = resolveRfc2136Options(options);
  const server = `nameserver ${options.nameserver.trim()}`;
  const keyText = `TSIG key "${o.key.name}" (${o.key.algorithm})`;
  const fail = (message: string, retryable: boolean, noZone = false) => new DnsProviderError(message, { provider: PROVIDER, retryable, noZone });

  async function send(message: Buffer, what: string): Promise<SignedAnswer> {
    let answer: SignedAnswer;
    try {
      answer = await signedExchange(o.server, message, o.key, { timeoutMs: o.timeoutMs, now: o.now });
    } catch (err) {
      if (!(err instanceof ExchangeError)) throw err;
      if (err.kind !== 'unverified') throw fail(`could not ${what}: ${err.message} (check nameserver)`, true);
      throw fail(
        `could not ${what}: ${err.message}; check that tsig_secret and tsig_algorithm are those of the server's key "${o.key.name}"`,
        err.rcode === 'SERVFAIL',
      );
    }
    const tsigError = answer.tsig.error;
    if (tsigError === 17) throw fail(`${server} does not know the ${keyText} (BADKEY) while trying to ${what}; check tsig_key_name and tsig_algorithm`, false);
    if (tsigError === 16) throw fail(`${server} rejected the signature of the ${keyText} (BADSIG) while trying to ${what}; check tsig_secret and tsig_algorithm`, false);
    if (tsigError === 18) throw fail(`${server} says our clock differs from its own by more than 300 s (BADTIME); fix the clock of either`, false);
    if (tsigError !== 0) throw fail(`${server} refused the ${keyText} (${TSIG_ERRORS[tsigError] ?? `TSIG error ${tsigError}`}) while trying to ${what}`, false);
    return answer;
  }

  /** Throws unless an UPDATE answer is NOERROR (RFC 2136 section 2.2 RCODEs). */
  function expectUpdated(a: SignedAnswer, zone: string, what: string): void {
    switch (a.rcode) {
      case 'NOERROR':
        return;
      case 'SERVFAIL':
        throw fail(`${server} failed to ${what} (SERVFAIL); it may be reloading the zone`, true);
      case 'REFUSED':
        throw fail(`${server} refused (REFUSED) while trying to ${what}: zone ${zone} must allow updates signed with the ${keyText} (BIND: allow-update or update-policy); check tsig_key_name`, false);
      case 'NOTAUTH':
        throw fail(`${server} is not the primary of zone ${zone} (NOTAUTH)${o.zone ? '; check zone and nameserver' : '; check nameserver'}`, false, true);
      case 'NOTZONE':
        throw fail(`${server} says the name is outside zone ${zone} (NOTZONE)${o.zone ? '; check zone' : ''}`, false, true);
      default:
        throw fail(`${server} answered ${a.rcode} when asked to ${what}`, false);
    }
  }

  /** The zone holding `name`: the `zone` option, else found by SOA queries to the nameserver. */
  async function zoneOf(name: string): Promise<string> {
    if (o.zone) {
      if (name === o.zone || name.endsWith(`.${o.zone}`)) return o.zone;
      throw fail(`${name} is not in zone ${o.zone}; check zone, or use other credentials for this name`, false, true);
    }
    const labels = name.split('.');
    for (let i = 0; i < labels.length; i++) {
      const candidate = labels.slice(i).join('.');
      const a = await send(encodeSoaQuery(randomInt(0, 0x10000), candidate), `look up the zone of ${name}`);
      if (a.rcode === 'SERVFAIL') throw fail(`${server} failed to answer the SOA of ${candidate} (SERVFAIL)`, true);
      const zone = soaOwner(a.packet, name);
      if (zone !== null && (a.rcode === 'NOERROR' || a.rcode === 'NXDOMAIN')) return zone;
      const ns = (a.packet.authorities ?? []).find((r) => r.type === 'NS');
      if (a.rcode === 'NOERROR' && ns && !a.packet.flag_aa) {
        throw fail(`${name} is delegated from ${server} to ${String((ns as { data?: unknown }).data)} (zone ${plainName(ns.name)}); point nameserver at that zone's primary`, false, true);
      }
      // REFUSED or NOTAUTH: the server holds no zone for this name; perhaps one for a parent.
    }
    throw fail(`${server} holds no zone for ${name}: set zone, or point nameserver at the primary of the name's zone`, false, true);
  }

  async function change(fqdn: string, value: string, klass: number, verb: string): Promise<void> {
    const name = normalizeFqdn(fqdn);
    const zone = await zoneOf(name);
    const what = `${verb} TXT ${name} in zone ${zone}`;
    const rr = { name, type: 'TXT' as const, klass, ttl: klass === CLASS.NONE ? 0 : o.ttl, data: txtStrings(value) };
    expectUpdated(await send(encodeUpdate(randomInt(0, 0x10000), zone, [], [rr]), what), zone, what);
  }

  return {
    name: PROVIDER,
    present: (fqdn, value) => change(fqdn, value, CLASS.IN, 'add'),
    cleanUp: (fqdn, value) => change(fqdn, value, CLASS.NONE, 'delete'),
    /**
     * With a zone: an UPDATE whose only prerequisite always holds (the apex is in use, RFC 2136 section
     * 2.4.4) and which changes nothing, proving the key may update the zone. Without one: a signed SOA
     * query for the root, whose signed answer (whatever its RCODE) proves the server knows the key and
     * secret; whether the key may update a zone shows at the first order.
     */
    async verify() {
      if (o.zone) {
        const what = `check that the key may update zone ${o.zone}`;
        const apexInUse = { name: o.zone, type: 'ANY' as const, klass: CLASS.ANY, ttl: 0 };
        expectUpdated(await send(encodeUpdate(randomInt(0, 0x10000), o.zone, [apexInUse], []), what), o.zone, what);
        return;
      }
      await send(encodeSoaQuery(randomInt(0, 0x10000), '.'), 'check the key');
    },
  };
}

/** The owner of an SOA record in the answer or authority section that `name` is at or under, else null. */
function soaOwner(packet: DecodedPacket, name: string): string | null {
  for (const r of [...(packet.answers ?? []), ...(packet.authorities ?? [])]) {
    if (r.type !== 'SOA') continue;
    const owner = plainName(r.name);
    if (name === owner || name.endsWith(`.${owner}`)) return owner;
  }
  return null;
}
