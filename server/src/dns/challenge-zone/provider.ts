/**
 * The DNS-01 provider of certplane's own challenge zone: present/cleanUp are rows in Postgres
 * (records.ts), answered by every process serving the zone (server.ts). credentials.ts picks it,
 * before any credentials, for names at or under the zone when certplane serves it.
 */
import type { DataSource } from 'typeorm';
import { DnsProviderError, normalizeFqdn, type DnsProvider } from '../dns-provider.js';
import { addChallengeRecord, removeChallengeRecord } from './records.js';

/** The `via` saved with a challenge written here (SavedChallenge.via), so clean-up comes back to it. */
export const CHALLENGE_ZONE_PROVIDER = 'challenge-zone';

/**
 * `zone`: names outside it are refused (noZone) when presenting; clean-up removes whatever it is
 * given (the zone may have been renamed since the value was written).
 */
export function createChallengeZoneProvider(db: DataSource, zone: string | undefined): DnsProvider {
  return {
    name: CHALLENGE_ZONE_PROVIDER,
    async present(fqdn, value) {
      const name = normalizeFqdn(fqdn);
      if (!zone || (name !== zone && !name.endsWith(`.${zone}`))) {
        throw new DnsProviderError(`${name} is not in certplane's challenge zone${zone ? ` ${zone}` : ''}`, { provider: CHALLENGE_ZONE_PROVIDER, retryable: false, noZone: true });
      }
      await addChallengeRecord(db, name, value);
    },
    async cleanUp(fqdn, value) {
      await removeChallengeRecord(db, normalizeFqdn(fqdn), value);
    },
  };
}
