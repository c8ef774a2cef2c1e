import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import { createDnsClient } from '../dns/dns-client.js';
import { checkTxtPropagated } from '../dns/propagation.js';
import type { DomainRow } from '../db/entities.js';
import { derivedValue } from '../security/derived-value.js';

/**
 * Hostname ownership (Fly's `_fly-ownership` record): a TXT record `<label>.<hostname>` holding one of
 * two accepted values, one for the app and one for the organization. Values are derived from the master
 * key (security/derived-value.ts), so they are stable, need no storage, and
 * cannot be guessed from ids; a value proves that whoever controls the hostname's DNS chose this app or
 * this organization.
 */

export interface OwnershipRecord {
  /** `_certplane-ownership.<hostname>` (a wildcard's base name: `*.example.com` -> `_certplane-ownership.example.com`). */
  name: string;
  /** Accepted value naming the app (Fly's app_value). */
  appValue: string;
  /** Accepted value naming the organization (Fly's org_value): one record serves all its apps. */
  orgValue: string;
}

const value = (masterKey: Buffer, kind: 'app' | 'org', id: string) => `certplane-${kind}-${derivedValue(masterKey, 'certplane hostname ownership', `${kind}:${id}`)}`;

/** The ownership record of a hostname attached to `appId` in `organizationId`. */
export function ownershipRecord(config: Pick<Config, 'masterKey' | 'platform'>, hostname: string, appId: string, organizationId: string): OwnershipRecord {
  const base = hostname.replace(/^\*\./, '');
  return {
    name: `${config.platform.ownershipRecordLabel}.${base}`,
    appValue: value(config.masterKey, 'app', appId),
    orgValue: value(config.masterKey, 'org', organizationId),
  };
}

export const domainOwnershipRecord = (config: Pick<Config, 'masterKey' | 'platform'>, d: Pick<DomainRow, 'hostname' | 'appId' | 'organizationId'>) =>
  ownershipRecord(config, d.hostname, d.appId, d.organizationId);

/**
 * Which of the record's accepted values (the organization's first, then the app's) every authoritative
 * server of the hostname's zone serves (asked directly, no resolver cache in between; CNAMEs at the
 * record name followed), or null. Rejects only when no resolver answers.
 */
export async function seenOwnershipValue(ctx: Pick<AppContext, 'config' | 'resolvers'>, rec: OwnershipRecord): Promise<string | null> {
  const client = createDnsClient({ servers: ctx.resolvers, timeoutMs: 3000 });
  for (const value of [rec.orgValue, rec.appValue]) {
    const res = await checkTxtPropagated({ client, fqdn: rec.name, value, authoritativePort: ctx.config.dns.authoritativePort });
    if (res.visible) return value;
  }
  return null;
}
