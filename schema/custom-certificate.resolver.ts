import { Arg, Ctx, Field, ID, InputType, Mutation, Resolver } from 'type-graphql';
import * as custom from '../server/src/certificates/custom-certificate-service.js';
import { CertificateType } from './certificate.type.js';
import { requireScope, type GraphQLContext } from './context.js';

@InputType()
class ImportCustomCertificateInput {
  @Field(() => ID, { description: 'Domain id.' }) domain: string;
  @Field(() => String, {
    description: 'The leaf certificate and its intermediates, PEM, in any order (duplicates and roots are dropped; text around the blocks is ignored). At most 64 KiB.',
  })
  certificateChainPem: string;
  @Field(() => String, { description: 'The unencrypted private key of the leaf, PEM: PKCS#1, PKCS#8 or SEC1; RSA >= 2048 bits or ECDSA P-256/P-384. Sealed at rest.' })
  privateKeyPem: string;
}

@Resolver()
export class CustomCertificateResolver {
  @Mutation(() => CertificateType, {
    description:
      "Import the customer's own certificate for a domain (source CUSTOM), replacing its previous custom one. Validated first: each refusal is BAD_USER_INPUT naming the field. It serves (and the domain becomes NOT_USED) at once when the hostname points at the platform or its ownership TXT record was seen; otherwise it is PENDING_OWNERSHIP until then. certplane never renews it.",
  })
  async importCustomCertificate(@Arg('input', () => ImportCustomCertificateInput) input: ImportCustomCertificateInput, @Ctx() ctx: GraphQLContext) {
    return custom.importCustomCertificate(ctx.app, requireScope(ctx, 'write'), input);
  }

  @Mutation(() => Boolean, { description: "Delete the domain's custom certificate (NOT_FOUND without one); its newest valid ACME certificate, if any, serves from now on." })
  async deleteCustomCertificate(@Arg('domain', () => ID, { description: 'Domain id.' }) domain: string, @Ctx() ctx: GraphQLContext) {
    await custom.deleteCustomCertificate(ctx.app, requireScope(ctx, 'write'), domain);
    return true;
  }
}
