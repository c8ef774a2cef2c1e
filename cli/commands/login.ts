/** `certplane login`: checks an endpoint and token against the API, then saves them (mode 0600). */
import type { Command } from 'commander';
import { createClient } from '../client.js';
import { configPath, DEFAULT_ENDPOINT, readSaved, saveCredentials } from '../config.js';
import { CliError } from '../errors.js';
import { action, type Runtime } from '../runtime.js';

/** The token from stdin when it is not a terminal (`echo $TOKEN | certplane login`), else asked for. */
async function readToken(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.trim();
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question('API token: ')).trim();
  } finally {
    rl.close();
  }
}

/** Registers `login`. */
export function registerLogin(program: Command, rt: Runtime): void {
  program
    .command('login')
    .description(`save an endpoint and API token in ${configPath()} (CERTPLANE_ENDPOINT and CERTPLANE_TOKEN win over it)`)
    .option('--endpoint <url>', `the control plane's URL (default: CERTPLANE_ENDPOINT, the saved one, or ${DEFAULT_ENDPOINT})`)
    .option('--token <token>', 'an API token (default: read from stdin, or asked for)')
    .action(
      action(rt, async (opts: { endpoint?: string; token?: string }) => {
        const file = configPath();
        const saved = await readSaved(file);
        const endpoint = (opts.endpoint ?? process.env.CERTPLANE_ENDPOINT ?? saved.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
        const token = opts.token ?? (await readToken());
        if (!token) throw new CliError('no token given: pass --token or write it to stdin');
        const { organization } = await createClient(endpoint, token).request<{ organization: { id: string; name: string; plan: string } }>(
          '{ organization { id name plan } }',
        );
        await saveCredentials({ endpoint, token }, file);
        rt.print({ endpoint, organization, configFile: file }, () => `logged in to ${endpoint} as organization ${organization.name} (${organization.id}); saved in ${file}`);
        if (process.env.CERTPLANE_TOKEN && process.env.CERTPLANE_TOKEN !== token) rt.note('note: CERTPLANE_TOKEN is set and wins over the saved token');
      }),
    );
}
