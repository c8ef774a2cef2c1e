/**
 * certplane serving its challenge zone (acme-dns style): the rows' in-memory copy (store.ts) behind
 * the UDP/TCP server (server.ts), started by app.ts in the `all`, `worker` and `dns` roles when
 * CERTPLANE_CHALLENGE_DNS_LISTEN is set, and stopped after the job worker.
 */
import type { DataSource } from 'typeorm';
import type { Logger } from '../../logger.js';
import { createEventBus, type EventBus } from '../../pubsub/listener.js';
import { StartupError } from '../../startup-error.js';
import { prepareZone } from './answer.js';
import { startChallengeDnsServer, type ChallengeDnsServer } from './server.js';
import type { ChallengeServerSettings } from './settings.js';
import { startChallengeZoneStore, type ChallengeZoneStore } from './store.js';

export interface RunningChallengeZone {
  server: ChallengeDnsServer;
  store: ChallengeZoneStore;
  stop(): Promise<void>;
}

export async function startChallengeZone(opts: {
  db: DataSource;
  databaseUrl: string;
  settings: ChallengeServerSettings;
  log: Logger;
  fullReloadMs?: number;
}): Promise<RunningChallengeZone> {
  const { settings, log } = opts;
  const bus: EventBus = await createEventBus(opts.databaseUrl, { log: (m) => log.warn(`challenge zone: ${m}`) });
  let store: ChallengeZoneStore | undefined;
  try {
    store = await startChallengeZoneStore({ db: opts.db, bus, zone: settings.zone, log, fullReloadMs: opts.fullReloadMs });
    const server = await startChallengeDnsServer({ listen: settings.listen, zone: prepareZone(settings), records: store, rateLimit: settings.rateLimit }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') {
        throw new StartupError(
          `cannot answer DNS for ${settings.zone} on ${settings.listen.map((l) => `${l.host}:${l.port}`).join(', ')} (${err.code}: ${err.message}): set CERTPLANE_CHALLENGE_DNS_LISTEN to free addresses (below port 1024 needs root or CAP_NET_BIND_SERVICE)`,
        );
      }
      throw err;
    });
    log.info('challenge zone DNS listening', { zone: settings.zone, addresses: server.addresses, names: store.names() });
    const s = store;
    return {
      server,
      store: s,
      async stop() {
        await server.stop();
        await s.stop();
        await bus.close();
      },
    };
  } catch (err) {
    await store?.stop();
    await bus.close();
    throw err;
  }
}
