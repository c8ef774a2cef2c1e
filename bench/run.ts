/**
 * `npm run bench -- <name> [--flag value ...]`: runs one benchmark. Each writes bench/results/<name>-*.json
 * and prints a Markdown table (copy the latest into bench/README.md).
 */
import 'reflect-metadata';

type Bench = (args: Record<string, string>) => Promise<void>;
const BENCHES: Record<string, () => Promise<Bench>> = {
  issuance: async () => (await import('./issuance.js')).runIssuance,
  storm: async () => (await import('./storm.js')).runStorm,
  api: async () => (await import('./api.js')).runApi,
  fanout: async () => (await import('./fanout.js')).runFanout,
  scale: async () => (await import('./scale.js')).runScale,
  'check-domain': async () => (await import('./check-domain.js')).runCheckDomain,
  'challenge-dns': async () => (await import('./challenge-dns.js')).runChallengeDns,
  'cli-startup': async () => (await import('./cli-startup.js')).runCliStartup,
};

/** `--n 20 --keys rsa` -> { n: '20', keys: 'rsa' }; a bare `--flag` is 'true'. */
export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[a.slice(2)] = 'true';
    else out[a.slice(2)] = argv[++i];
  }
  return out;
}

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || !BENCHES[name]) {
    console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [--flag value ...] (see bench/README.md)`);
    process.exit(2);
  }
  const bench = await BENCHES[name]();
  await bench(parseArgs(rest));
  process.exit(0);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
