/**
 * A CDKTF app declaring certplane domains and a certificate with the generated bindings in
 * provider/cdktf. Synthesize with `npx tsx examples/cdktf/main.ts` (or `cdktf synth` where the CDKTF
 * CLI is installed); the output in cdktf.out/stacks/certplane/cdk.tf.json is plain Terraform JSON.
 *
 * Settings come from the environment: CERTPLANE_APP (default "shop"), CERTPLANE_ZONE (default
 * "example.com"), CERTPLANE_CREATE_APP=true to create the app in the stack rather than use an existing one;
 * the provider reads CERTPLANE_ENDPOINT and CERTPLANE_TOKEN when Terraform runs.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { app as certplaneApp, certificate, dataCertplaneDomain, domain, provider } from '../../provider/cdktf/providers/certplane/index';

export interface CertplaneStackOptions {
  /** The app's name (or id). */
  app: string;
  zone: string;
  /** Declare the app here (certplane_app) instead of using an existing one. */
  createApp?: boolean;
}

export class CertplaneStack extends TerraformStack {
  constructor(scope: Construct, id: string, opts: CertplaneStackOptions) {
    super(scope, id);
    new provider.CertplaneProvider(this, 'certplane', {});

    // A created app is referred to by its id, which a rename keeps.
    const appRef = opts.createApp ? new certplaneApp.App(this, 'app', { name: opts.app }).id : opts.app;

    // The shop's storefront: its certificate is managed here, so certplane's automatic one is off.
    const www = new domain.Domain(this, 'www', { app: appRef, commonName: `www.${opts.zone}`, letsencryptEnabled: false, canonical: true });
    const cert = new certificate.Certificate(this, 'www-certificate', {
      domain: www.id,
      keyType: 'ECDSA_P256',
      revokeOnDestroy: false,
      timeouts: { create: '5m' },
    });

    // A second hostname that gets certplane's automatic Let's Encrypt certificate once its DNS points at us.
    const shop = new domain.Domain(this, 'shop', { app: appRef, commonName: `shop.${opts.zone}` });
    const lookedUp = new dataCertplaneDomain.DataCertplaneDomain(this, 'shop-lookup', { commonName: shop.commonName, app: opts.app });

    new TerraformOutput(this, 'certificate_status', { value: cert.status });
    new TerraformOutput(this, 'certificate_expires_at', { value: cert.expiresAt });
    new TerraformOutput(this, 'shop_dns_targets', { value: lookedUp.dnsRequirements.targets });
    new TerraformOutput(this, 'shop_acme_challenge_record', { value: shop.dnsRequirements.acmeChallengeRecord });
  }
}

const app = new App();
new CertplaneStack(app, 'certplane', {
  app: process.env.CERTPLANE_APP ?? 'shop',
  zone: process.env.CERTPLANE_ZONE ?? 'example.com',
  createApp: process.env.CERTPLANE_CREATE_APP === 'true',
});
app.synth();
