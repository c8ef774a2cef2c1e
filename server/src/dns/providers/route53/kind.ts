import { ProviderSettingsError, type DnsProviderKind, lazyProvider } from '../../provider-kind.js';
import type * as impl from './index.js';

/** The implementation and its vendor SDK load on first use (provider-kind.ts lazyProvider). */
const createRoute53Provider = (o: Parameters<typeof impl.createRoute53Provider>[0]) => lazyProvider('route53', async () => (await import('./index.js')).createRoute53Provider(o));

/** Amazon Route 53 (AWS SDK for JavaScript v3), as a provider kind. */
export const route53Kind: DnsProviderKind = {
  name: 'route53',
  title: 'Amazon Route 53',
  settings: [
    { name: 'access_key_id', required: true, secret: false, description: 'AWS access key id (AKIA... or ASIA...) of an IAM user or role allowed to change the zone' },
    { name: 'secret_access_key', required: true, secret: true, description: 'its secret access key' },
    { name: 'session_token', required: false, secret: true, description: 'session token, for temporary (STS) credentials' },
    { name: 'region', required: false, secret: false, description: "signing region (default 'us-east-1'; Route 53 is global)" },
    { name: 'hosted_zone_id', required: false, secret: false, description: 'use this hosted zone (e.g. Z0123456789ABC) instead of listing them all' },
    { name: 'include_private_zones', required: false, secret: false, description: "'true' to use private hosted zones too (default 'false': the CA sees public DNS only)" },
  ],
  create(s) {
    const priv = s.include_private_zones?.toLowerCase();
    if (priv !== undefined && priv !== 'true' && priv !== 'false') {
      throw new ProviderSettingsError('include_private_zones', `include_private_zones must be 'true' or 'false', got "${s.include_private_zones}"`);
    }
    return createRoute53Provider({
      accessKeyId: s.access_key_id,
      secretAccessKey: s.secret_access_key,
      sessionToken: s.session_token,
      region: s.region,
      hostedZoneId: s.hosted_zone_id,
      includePrivateZones: priv === 'true',
      endpoint: s.endpoint,
    });
  },
};
