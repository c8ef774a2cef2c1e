import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The .proto sources, read beside this module (tsc output) or inlined by scripts/build-provider.ts (the bundle). */
declare const __CERTPLANE_PROTOS__: Record<string, string> | undefined;

export const PROTO_FILES = ['tfplugin6.proto', 'go-plugin.proto', 'health.proto'] as const;

/** The proto/ folder in the source tree, whether we run from provider/ or dist/provider/. */
export function protoDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return here.replace(/([/\\])dist\1provider\1/, '$1provider$1') + 'proto';
}

export function readProtoFiles(): Record<string, string> {
  if (typeof __CERTPLANE_PROTOS__ !== 'undefined') return __CERTPLANE_PROTOS__;
  return Object.fromEntries(PROTO_FILES.map((f) => [f, readFileSync(`${protoDir()}/${f}`, 'utf8')]));
}
