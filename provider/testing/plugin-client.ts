import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../protocol/handshake.js';
import { serviceDefinition } from '../protocol/grpc-services.js';
import { createSelfSignedCertificate } from '../protocol/tls.js';

/**
 * Starts a provider executable the way Terraform does (go-plugin): magic cookie, protocol versions,
 * port range and AutoMTLS client certificate in the environment; reads the handshake line; connects
 * over mutual TLS. Tests use it to drive the built executable.
 */
export interface PluginProcess {
  child: ChildProcess;
  handshake: string;
  parts: string[];
  serverCert: X509Certificate;
  /** Anything printed on stdout after the handshake line (must stay empty). */
  stdoutAfterHandshake(): string;
  stderr(): string;
  /** Calls a tfplugin6.Provider RPC. */
  call<T = any>(method: string, request?: object): Promise<T>;
  health(service?: string): Promise<{ status: number }>;
  /** A client of any of the plugin's services with the same credentials. */
  rawClient(service: string, tls?: boolean): grpc.Client & Record<string, Function>;
  exited: Promise<number | null>;
  shutdown(): Promise<void>;
  kill(): void;
}

export async function startPlugin(executable: string, env: Record<string, string> = {}): Promise<PluginProcess> {
  const clientCert = createSelfSignedCertificate();
  const child = spawn(executable, [], {
    env: {
      ...process.env,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '5,6',
      PLUGIN_MIN_PORT: '10000',
      PLUGIN_MAX_PORT: '25000',
      PLUGIN_CLIENT_CERT: clientCert.certPem,
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const handshake = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no handshake within 20 s; stderr: ${stderr}`)), 20_000);
    child.stdout!.on('data', (d) => {
      stdout += d;
      const nl = stdout.indexOf('\n');
      if (nl >= 0) (clearTimeout(t), resolve(stdout.slice(0, nl)));
    });
    child.on('exit', (code) => (clearTimeout(t), reject(new Error(`plugin exited (${code}) before the handshake; stderr: ${stderr}`))));
  });
  const parts = handshake.split('|');
  const der = Buffer.from(parts[5] ?? '', 'base64');
  const serverCert = new X509Certificate(der);
  const creds = (tls = true) =>
    tls ? grpc.credentials.createSsl(Buffer.from(serverCert.toString()), Buffer.from(clientCert.keyPem), Buffer.from(clientCert.certPem)) : grpc.credentials.createInsecure();
  const options = { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' };
  const rawClient = (service: string, tls = true) => {
    const Ctor = grpc.makeGenericClientConstructor(serviceDefinition(service), service);
    return new Ctor(parts[3], creds(tls), options) as unknown as grpc.Client & Record<string, Function>;
  };
  const unary = <T>(client: grpc.Client & Record<string, Function>, method: string, req: object) =>
    new Promise<T>((resolve, reject) => client[method](req, { deadline: Date.now() + 120_000 }, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
  const provider = rawClient('tfplugin6.Provider');
  const health = rawClient('grpc.health.v1.Health');
  return {
    child,
    handshake,
    parts,
    serverCert,
    stdoutAfterHandshake: () => stdout.slice(handshake.length + 1),
    stderr: () => stderr,
    call: (method, request = {}) => unary(provider, method, request),
    health: (service = 'plugin') => unary(health, 'Check', { service }),
    rawClient,
    exited,
    async shutdown() {
      const controller = rawClient('plugin.GRPCController');
      await unary(controller, 'Shutdown', {}).catch(() => undefined);
      provider.close();
      health.close();
      controller.close();
    },
    kill: () => void child.kill('SIGKILL'),
  };
}
