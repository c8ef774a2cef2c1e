import type { Config } from '../config.js';
import type { DnsClient } from '../dns/dns-client.js';
import { checkTxtPropagated, type NameserverCache } from '../dns/propagation.js';
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
 * Is one of the record's accepted values served by every authoritative server of the hostname's zone?
 * (Asked directly, no resolver cache in between; CNAMEs at the record name are followed.) Returns the
 * value found, or null with what was seen. Rejects only when no resolver answers.
 */
export async function findOwnershipProof(
  client: DnsClient,
  record: Pick<OwnershipRecord, 'name'> & { values: string[] },
  opts: { authoritativePort: number; nameservers?: NameserverCache },
): Promise<{ value: string | null; detail: string }> {
  let detail = '';
  for (const v of record.values) {
    const res = await checkTxtPropagated({ client, fqdn: record.name, value: v, authoritativePort: opts.authoritativePort, nameservers: opts.nameservers });
    if (res.visible) return { value: v, detail: res.detail };
    detail = res.detail;
  }
  return { value: null, detail };
}
