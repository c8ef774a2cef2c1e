import acme from 'acme-client';

/**
 * Replay nonces kept from the CA's answers (RFC 8555 section 7.2: every response carries a fresh
 * `Replay-Nonce`). acme-client throws them away and asks `newNonce` with a HEAD before every signed
 * request: twice the round trips, and Node closes a kept-alive connection after a HEAD answer without
 * Content-Length (Pebble's), so every signed request also paid a new TLS handshake. A nonce the CA no
 * longer accepts costs one `badNonce` answer, which acme-client retries with the nonce that answer carries.
 */
const MAX_PER_CA = 64;
/** Nonces older than this are left unused (CAs expire them after a while). */
const MAX_AGE_MS = 30_000;

const pools = new Map<string, Array<{ nonce: string; at: number }>>();

/** The freshest unused nonce from `origin`, if any (each is handed out once). */
export function takeNonce(origin: string): string | undefined {
  const pool = pools.get(origin);
  const now = Date.now();
  while (pool?.length) {
    const n = pool.pop()!;
    if (now - n.at <= MAX_AGE_MS) return n.nonce;
  }
  return undefined;
}

/** Keeps a nonce `origin` handed out, for one later request. */
export function keepNonce(origin: string, nonce: string): void {
  let pool = pools.get(origin);
  if (!pool) pools.set(origin, (pool = []));
  pool.push({ nonce, at: Date.now() });
  if (pool.length > MAX_PER_CA) pool.splice(0, pool.length - MAX_PER_CA);
}

let installed = false;

/**
 * Collects nonces from acme-client's successful answers. Not from HEAD newNonce (acme-client uses
 * that one itself) nor from error answers (acme-client retries a badNonce with that answer's nonce):
 * a nonce must be sent once.
 */
export function collectNonces(): void {
  if (installed) return;
  installed = true;
  acme.axios.interceptors.response.use((res) => {
    const nonce = res.headers?.['replay-nonce'];
    const method = String(res.config?.method ?? '').toLowerCase();
    if (typeof nonce === 'string' && nonce && method !== 'head' && res.status < 400 && res.config?.url) {
      keepNonce(new URL(res.config.url).origin, nonce);
    }
    return res;
  });
}

interface NonceSource {
  getNonce(): Promise<string>;
}

/** Makes `client` spend kept nonces before asking the CA for a new one. */
export function reuseNonces(client: acme.Client, directoryUrl: string): acme.Client {
  collectNonces();
  const origin = new URL(directoryUrl).origin;
  // acme-client keeps its HTTP layer on `http`; without one (another version) the client is left as it is.
  const http = (client as unknown as { http?: NonceSource }).http;
  if (http && typeof http.getNonce === 'function') {
    const fetchNonce = http.getNonce.bind(http);
    http.getNonce = async () => takeNonce(origin) ?? fetchNonce();
  }
  return client;
}
