import { stderrLogger as logger } from './logger.js';
import { APP_PROTOCOL_VERSION, NOT_A_COMMAND_MESSAGE, handshakeLine, hasMagicCookie, negotiateVersion, portRange } from './protocol/handshake.js';
import { startPluginServer } from './protocol/plugin-server.js';
import { createProviderService } from './protocol/provider-service.js';
import { createSelfSignedCertificate } from './protocol/tls.js';
import { providerDefinition } from './provider.js';
import { PROVIDER_ADDRESS, PROVIDER_VERSION } from './version.js';

/**
 * terraform-provider-certplane: started by Terraform (go-plugin handshake, tfplugin6 over gRPC with
 * AutoMTLS), or by hand with --debug to print a TF_REATTACH_PROVIDERS value.
 */
async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  // stdout carries the handshake line only: route stray console output to stderr.
  console.log = console.info = console.debug = console.error;
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stderr.write(`terraform-provider-certplane ${PROVIDER_VERSION} (plugin protocol ${APP_PROTOCOL_VERSION})\n`);
    return;
  }
  const debug = argv.includes('--debug');
  if (!debug && !hasMagicCookie(env)) {
    process.stderr.write(NOT_A_COMMAND_MESSAGE + '\n');
    process.exitCode = 1;
    return;
  }
  const negotiated = negotiateVersion(debug ? {} : env);
  if ('error' in negotiated) {
    process.stderr.write(`terraform-provider-certplane: ${negotiated.error}\n`);
    process.exitCode = 1;
    return;
  }

  const service = createProviderService(providerDefinition, env);
  const clientCert = env.PLUGIN_CLIENT_CERT;
  const serverCert = !debug && clientCert ? createSelfSignedCertificate() : undefined;
  let exiting = false;
  const exit = (why: string) => {
    if (exiting) return;
    exiting = true;
    logger.log('info', `plugin exiting: ${why}`);
    service.stop();
    void running.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  const running = await startPluginServer({
    provider: service.implementation,
    tls: serverCert && clientCert ? { certPem: serverCert.certPem, keyPem: serverCert.keyPem, clientCaPem: clientCert } : undefined,
    ports: portRange(env),
    onShutdown: () => exit('Terraform called GRPCController.Shutdown'),
    log: (m) => logger.log('debug', m),
  });

  if (debug) {
    const reattach = {
      [PROVIDER_ADDRESS]: { Protocol: 'grpc', ProtocolVersion: APP_PROTOCOL_VERSION, Pid: process.pid, Test: true, Addr: { Network: 'tcp', String: running.address } },
    };
    process.stdout.write(
      `Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable with the following:\n\n` +
        `\tTF_REATTACH_PROVIDERS='${JSON.stringify(reattach)}'\n\n`,
    );
    process.on('SIGINT', () => exit('interrupted'));
    process.on('SIGTERM', () => exit('terminated'));
    return;
  }

  process.stdout.write(handshakeLine({ version: negotiated.version, network: 'tcp', address: running.address, serverCertDerBase64Raw: serverCert?.derBase64Raw }));
  // Like go-plugin servers, ignore Ctrl-C (Terraform handles it and stops us itself); exit on SIGTERM
  // and when the process that started us is gone.
  process.on('SIGINT', () => logger.log('debug', 'ignoring SIGINT; Terraform will stop the provider'));
  process.on('SIGTERM', () => exit('terminated'));
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) exit(`parent process ${parent} is gone`);
  }, 1000).unref();
  process.stdin.on('error', () => undefined);
}

main(process.argv.slice(2), process.env).catch((err: Error) => {
  process.stderr.write(`terraform-provider-certplane: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
