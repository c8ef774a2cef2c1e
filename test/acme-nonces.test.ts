import acme from 'acme-client';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { configureAcmeHttps } from '../server/src/acme/account.js';
import { keepNonce, reuseNonces } from '../server/src/acme/nonces.js';
import { generatePrivateKey } from '../server/src/certificates/keys.js';

/** Every answer acme-client gets from the suite's Pebble, with whether its connection was new. */
const seen: Array<{ method: string; path: string; status: number; newConnection: boolean }> = [];

beforeAll(() => {
  configureAcmeHttps(inject('pebble').tlsCaPath);
  const record = (res: { config: { method?: string; url?: string }; status: number; request?: { reusedSocket?: boolean } }) =>
    void seen.push({ method: String(res.config.method).toUpperCase(), path: new URL(res.config.url!).pathname, status: res.status, newConnection: !res.request?.reusedSocket });
  acme.axios.interceptors.response.use(
    (res) => (record(res), res),
    (err) => {
      if (err.response) record(err.response);
      return Promise.reject(err);
    },
  );
});

async function newClient(): Promise<acme.Client> {
  const { directoryUrl } = inject('pebble');
  const client = reuseNonces(new acme.Client({ directoryUrl, accountKey: await generatePrivateKey('ECDSA_P256'), backoffMin: 100 }), directoryUrl);
  await client.createAccount({ termsOfServiceAgreed: true });
  return client;
}

describe('ACME nonces', () => {
  it('spends the nonce of each answer on the next request: no newNonce round trip, no new connection', async () => {
    const client = await newClient();
    seen.length = 0;
    for (let i = 0; i < 6; i++) await client.createOrder({ identifiers: [{ type: 'dns', value: `nonce${i}.example.test` }] });
    expect(seen.filter((r) => r.method === 'POST' && r.status === 201)).toHaveLength(6);
    expect(seen.filter((r) => r.method === 'HEAD')).toEqual([]);
    expect(seen.filter((r) => r.newConnection)).toEqual([]);
  });

  it('recovers from a nonce the CA refuses (badNonce, then the nonce of that answer)', async () => {
    const client = await newClient();
    keepNonce(new URL(inject('pebble').directoryUrl).origin, 'bm90LWEtcmVhbC1ub25jZQ');
    seen.length = 0;
    const order = await client.createOrder({ identifiers: [{ type: 'dns', value: 'stale-nonce.example.test' }] });
    expect(order.status).toBe('pending');
    expect(seen.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 400', 'POST 201']);
  });
});
