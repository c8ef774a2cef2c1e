/** Every event that crosses processes, with its payload. Payloads carry ids, never secrets. */
export interface TopicPayloads {
  DOMAIN_STATUS_CHANGED: { organizationId: string; domainId: string; status: string };
  CERTIFICATE_STATUS_CHANGED: { organizationId: string; certificateId: string; status: string };
  API_TOKEN_REVOKED: { organizationId: string; tokenId: string };
  /** The platform operator changed an organization (plan, suspension, deletion): API processes read its tokens again. */
  ORGANIZATION_CHANGED: { organizationId: string };
  /** The challenge zone's TXT values at `name` changed (dns/challenge-zone/records.ts): serving processes reload that name. */
  CHALLENGE_ZONE_CHANGED: { name: string };
}
export type Topic = keyof TopicPayloads;
export interface Envelope<T extends Topic = Topic> {
  topic: T;
  payload: TopicPayloads[T];
}

/** The Postgres NOTIFY channel all certplane events travel on. */
export const CHANNEL = 'certplane_events';
