import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { PROTO_FILES } from '../provider/protocol/proto-files.js';
import { PROVIDER_ADDRESS, PROVIDER_TYPE, PROVIDER_VERSION } from '../provider/version.js';
import { REPO_ROOT } from '../server/src/repo-root.js';

/**
 * `npm run build:provider`: bundles the provider into one ES module and writes
 * - dist/terraform-provider/terraform-provider-certplane (+ the bundle): the folder for dev_overrides;
 * - dist/terraform-mirror/<host>/<namespace>/<type>/<version>/<os_arch>/: an unpacked filesystem mirror.
 * The executable is a small sh launcher running the bundle with Node.js (>= 20, `node` on PATH or $CERTPLANE_NODE).
 */

/** The repository root, whether this runs from scripts/ (tsx, vitest) or dist/scripts/. */
export const repoRoot = REPO_ROOT;

export const BUNDLE_NAME = 'certplane-provider.mjs';
export const EXECUTABLE_NAME = `terraform-provider-${PROVIDER_TYPE}`;

const LAUNCHER = `#!/bin/sh
# ${EXECUTABLE_NAME} ${PROVIDER_VERSION}: the certplane Terraform provider, run by Node.js (>= 20).
self=$(readlink -f "$0" 2>/dev/null || echo "$0")
exec "\${CERTPLANE_NODE:-node}" "$(dirname "$self")/${BUNDLE_NAME}" "$@"
`;

export function terraformPlatform(): string {
  const arch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch as string] ?? process.arch;
  return `${process.platform}_${arch}`;
}

/** Bundles provider/main.ts (the TypeScript sources, no tsc needed) into `outDir` with its launcher. */
export async function buildProviderDir(outDir: string): Promise<string> {
  const protos = Object.fromEntries(
    await Promise.all(PROTO_FILES.map(async (f) => [f, await readFile(path.join(repoRoot, 'provider/protocol/proto', f), 'utf8')] as const)),
  );
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(repoRoot, 'provider/main.ts')],
    outfile: path.join(outDir, BUNDLE_NAME),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    define: { __CERTPLANE_PROTOS__: JSON.stringify(protos) },
    // CommonJS dependencies call require(): give the module one.
    banner: { js: "import { createRequire as __certplaneRequire } from 'node:module'; const require = __certplaneRequire(import.meta.url);" },
    external: ['msgpackr-extract'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  const exe = path.join(outDir, EXECUTABLE_NAME);
  await writeFile(exe, LAUNCHER);
  await chmod(exe, 0o755);
  return exe;
}

/** The unpacked filesystem-mirror layout Terraform's provider_installation { filesystem_mirror } reads. */
export async function buildMirror(mirrorDir: string, bundleDir: string): Promise<string> {
  const dir = path.join(mirrorDir, PROVIDER_ADDRESS, PROVIDER_VERSION, terraformPlatform());
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, BUNDLE_NAME), await readFile(path.join(bundleDir, BUNDLE_NAME)));
  const exe = path.join(dir, `${EXECUTABLE_NAME}_v${PROVIDER_VERSION}`);
  await writeFile(exe, LAUNCHER);
  await chmod(exe, 0o755);
  return dir;
}

async function main() {
  const outDir = path.join(repoRoot, 'dist/terraform-provider');
  const exe = await buildProviderDir(outDir);
  const mirror = await buildMirror(path.join(repoRoot, 'dist/terraform-mirror'), outDir);
  process.stdout.write(`provider executable: ${exe}\nfilesystem mirror:   ${mirror}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  });
}
