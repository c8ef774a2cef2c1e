/** `certplane apps create|list`. */
import type { Command } from 'commander';
import { action, type Runtime } from '../runtime.js';
import { table, type Column } from '../table.js';

interface App {
  id: string;
  name: string;
  createdAt: string;
  defaultDomain: { hostname: string } | null;
}

const APP_FIELDS = 'id name createdAt defaultDomain { hostname }';
const appColumns: Array<Column<App>> = [
  ['ID', (a: App) => a.id],
  ['NAME', (a: App) => a.name],
  ['DEFAULT_DOMAIN', (a: App) => a.defaultDomain?.hostname],
  ['CREATED_AT', (a: App) => a.createdAt],
];

/** Registers `apps` and its subcommands. */
export function registerApps(program: Command, rt: Runtime): void {
  const apps = program.command('apps').description('apps, which domains are attached to');

  apps
    .command('create <name>')
    .description('create an app')
    .action(
      action(rt, async (name: string) => {
        const client = await rt.client();
        const { createApp } = await client.request<{ createApp: App }>(`mutation($name: String!) { createApp(name: $name) { ${APP_FIELDS} } }`, { name });
        rt.print(createApp, () => table([createApp], appColumns));
      }),
    );

  apps
    .command('list')
    .description("the organization's apps")
    .action(
      action(rt, async () => {
        const client = await rt.client();
        const { apps: list } = await client.request<{ apps: App[] }>(`{ apps { ${APP_FIELDS} } }`);
        rt.print(list, () => table(list, appColumns));
      }),
    );
}
