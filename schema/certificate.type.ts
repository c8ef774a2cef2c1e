import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CertificateSourceEnum, CertificateStatusEnum, KeyTypeEnum, RevocationReasonEnum } from './enums.js';

@ObjectType('Certificate', { simpleResolvers: true })
export class CertificateType {
  @Field(() => ID) id: string;
  @Field(() => CertificateSourceEnum) source: string;
  @Field(() => String, { description: 'The domain hostname (common name unless wildcard).' }) hostname: string;
  @Field(() => [String], { description: 'Extra names beyond the domain hostname.' }) sans: string[];
  @Field(() => Boolean) isWildcard: boolean;
  @Field(() => KeyTypeEnum) keyType: string;
  @Field(() => Boolean) autoRenew: boolean;
  @Field(() => CertificateStatusEnum) status: string;
  @Field(() => String, { nullable: true, description: 'Why the last order failed, in words a person can act on.' }) statusReason: string | null;
  @Field(() => Date, { nullable: true }) issuedAt: Date | null;
  @Field(() => Date, { nullable: true, description: "Start of the certificate's validity (notBefore)." }) notBefore: Date | null;
  @Field(() => Date, { nullable: true, description: "End of the certificate's validity (notAfter)." }) expiresAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When renewal starts: a third of the lifetime before expiry.' }) nextRenewalAt: Date | null;
  @Field(() => String, { nullable: true }) issuer: string | null;
  @Field(() => String, { nullable: true, description: 'Serial number, lower-case hex.' }) serial: string | null;
  @Field(() => String, { nullable: true, description: 'SHA-256 fingerprint of the leaf certificate.' }) fingerprint: string | null;
  @Field(() => String, { nullable: true, description: 'PEM chain, leaf first.' }) certificatePem: string | null;
  @Field(() => Int, { description: 'Consecutive failed orders (first issuance or renewals); keeps counting across renewal rounds, back to 0 once one is issued.' })
  failedAttempts: number;
  @Field(() => Date, { nullable: true, description: 'When certplane tries next: a retry within the order, the end of a rate-limit wait, or the next renewal attempt after a failure. Null when nothing waits.' })
  nextAttemptAt: Date | null;
  @Field(() => Date, { nullable: true, description: "Until when the order waits for a CA rate limit (certplane's count of the CA's limits, or the CA's own Retry-After)." })
  rateLimitedUntil: Date | null;
  @Field(() => Boolean, {
    description: 'The order waits before reaching the CA for something only a person can fix (a preflight check failed, e.g. a CAA record forbidding the CA); statusReason says what. certplane looks again on its own.',
  })
  orderHeld: boolean;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => RevocationReasonEnum, { nullable: true }) revocationReason: string | null;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  domainId: string;
  organizationId: string;
}

@ObjectType('CertificateEvent', { simpleResolvers: true, description: 'One step of a certificate: the log a person reads to see what happened.' })
export class CertificateEventType {
  @Field(() => ID) id: string;
  @Field(() => String) type: string;
  @Field(() => CertificateStatusEnum, { description: 'Certificate status after this step.' }) status: string;
  @Field(() => String) message: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Machine-readable reason, for scripts: a `retry` event names the transient error it follows (bad_nonce, ca_server_error, ca_unreachable, dns_provider, connection_reset, timeout, other). Null for most events.',
  })
  reason: string | null;
  @Field(() => Date) createdAt: Date;
}
