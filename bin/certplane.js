#!/usr/bin/env node
// The `certplane` command: runs the compiled CLI (dist/cli/main.js, made by `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`certplane: the command line is not built: run \`npm run build\` in ${root}\n`);
  process.exit(1);
}
const { run } = await import(main.href);
await run(process.argv);
