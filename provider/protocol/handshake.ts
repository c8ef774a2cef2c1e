/**
 * go-plugin's start-up contract, as Terraform (and OpenTofu) speak it: a magic cookie in the
 * environment proves Terraform launched us; the one line we print on stdout says where to connect.
 */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
export const CORE_PROTOCOL_VERSION = 1;
/** The tfplugin protocol major version we serve. */
export const APP_PROTOCOL_VERSION = 6;

export const NOT_A_COMMAND_MESSAGE = `This binary is a plugin. These are not meant to be executed directly.
Please execute the program that consumes these plugins, which will
load any plugins automatically.

terraform-provider-certplane is the Terraform provider for certplane: declare it in a
required_providers block and run terraform (see the README's "Terraform provider" section).
For provider development, run it with --debug and export the TF_REATTACH_PROVIDERS it prints.`;

export function hasMagicCookie(env: NodeJS.ProcessEnv): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/** The protocol version to serve, from the client's PLUGIN_PROTOCOL_VERSIONS ("5,6"), or an error. */
export function negotiateVersion(env: NodeJS.ProcessEnv): { version: number } | { error: string } {
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? '')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  if (offered.length === 0 || offered.includes(APP_PROTOCOL_VERSION)) return { version: APP_PROTOCOL_VERSION };
  return {
    error: `this provider speaks plugin protocol ${APP_PROTOCOL_VERSION}; the client offered ${offered.join(', ')}. Use Terraform 1.0 or later, or OpenTofu.`,
  };
}

/** The port range Terraform asks plugins to listen in (PLUGIN_MIN_PORT / PLUGIN_MAX_PORT), if any. */
export function portRange(env: NodeJS.ProcessEnv): { min: number; max: number } | undefined {
  const min = Number(env.PLUGIN_MIN_PORT);
  const max = Number(env.PLUGIN_MAX_PORT);
  return Number.isInteger(min) && Number.isInteger(max) && min > 0 && max >= min && max < 65536 ? { min, max } : undefined;
}

/** CORE|APP|NETWORK|ADDRESS|PROTOCOL[|CERT]: the only line a plugin ever writes to stdout. */
export function handshakeLine(opts: { version: number; network: 'tcp' | 'unix'; address: string; serverCertDerBase64Raw?: string }): string {
  const parts = [CORE_PROTOCOL_VERSION, opts.version, opts.network, opts.address, 'grpc'];
  if (opts.serverCertDerBase64Raw) parts.push(opts.serverCertDerBase64Raw);
  return parts.join('|') + '\n';
}
