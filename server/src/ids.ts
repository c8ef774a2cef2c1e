/** Ids are UUIDs; anything else cannot name a row (answered NOT_FOUND without asking Postgres to cast it). */
export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
