/**
 * The fan-out benchmark's "worker": a separate process that makes real status changes through the
 * server's one writer of certificate state (lifecycle.orderCreated: PENDING -> VALIDATING, update, event, NOTIFY on commit), one every
 * FANOUT_INTERVAL_MS, and prints `{"id","t"}` per change once committed (t = wall clock, ms).
 */
import 'reflect-metadata';
import { createDataSource } from '../server/src/db/data-source.js';
import { CertificateRow } from '../server/src/db/entities.js';
import { orderCreated } from '../server/src/certificates/lifecycle.js';

async function main() {
  const ids = (process.env.FANOUT_IDS ?? '').split(',').filter(Boolean);
  const interval = Number(process.env.FANOUT_INTERVAL_MS ?? 20);
  const db = createDataSource(process.env.DATABASE_URL!, 4);
  await db.initialize();
  const start = performance.now();
  for (const [i, id] of ids.entries()) {
    const wait = start + i * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await db.transaction(async (m) => {
      const cert = await m.getRepository(CertificateRow).findOneOrFail({ where: { id } });
      await orderCreated(m, cert, {}, { type: 'bench', message: 'fan-out benchmark status change' });
    });
    process.stdout.write(JSON.stringify({ id, t: performance.timeOrigin + performance.now() }) + '\n');
  }
  await db.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
