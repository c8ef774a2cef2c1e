/**
 * The `certplane` command line (bin/certplane.js runs it): apps, domains, certificates and their
 * events over the GraphQL API. Loads commander and node built-ins only; graphql-ws and ws are
 * imported by the commands that subscribe, so `certplane --help` starts fast.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerApps } from './commands/apps.js';
import { registerCerts } from './commands/certs.js';
import { registerDomains } from './commands/domains.js';
import { registerEvents } from './commands/events.js';
import { registerLogin } from './commands/login.js';
import { EXIT } from './errors.js';
import { createRuntime } from './runtime.js';

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The program with every command; a usage error exits 2, --help and --version 0. */
export function createProgram(): Command {
  const program = new Command('certplane')
    .description('certplane from the command line: apps, domains, certificates and their events')
    .version(version())
    .option('--json', 'machine-readable output (JSON on stdout; errors as JSON on stderr)')
    .exitOverride((err: CommanderError) => process.exit(err.exitCode === 0 ? EXIT.OK : EXIT.USAGE))
    .addHelpText(
      'after',
      `
Endpoint and token: CERTPLANE_ENDPOINT and CERTPLANE_TOKEN, else what \`certplane login\` saved.
Exit codes: 0 ok, 1 API error (its message and code) or server unreachable, 2 usage error.`,
    );
  const rt = createRuntime(program);
  registerLogin(program, rt);
  registerApps(program, rt);
  registerDomains(program, rt);
  registerCerts(program, rt);
  registerEvents(program, rt);
  return program;
}

/** Runs the command line `argv` (process.argv: node, script, arguments...). */
export async function run(argv: string[] = process.argv): Promise<void> {
  await createProgram().parseAsync(argv);
}
