import * as grpc from '@grpc/grpc-js';
import { serviceDefinition } from './grpc-services.js';

export interface PluginServerOptions {
  /** The tfplugin6.Provider implementation. */
  provider: grpc.UntypedServiceImplementation;
  /** mTLS material; omitted in --debug mode, where Terraform reattaches without TLS. */
  tls?: { certPem: string; keyPem: string; clientCaPem: string };
  /** Listen on 127.0.0.1 within this range (go-plugin's PLUGIN_MIN_PORT/MAX_PORT), else on any free port. */
  ports?: { min: number; max: number };
  /** Called when Terraform asks the plugin to shut down (plugin.GRPCController/Shutdown). */
  onShutdown(): void;
  log(message: string): void;
}

export interface RunningPluginServer {
  server: grpc.Server;
  address: string;
  close(): Promise<void>;
}

/** Serves the provider with go-plugin's companion services: health, controller, broker and stdio. */
export async function startPluginServer(opts: PluginServerOptions): Promise<RunningPluginServer> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 256 * 1024 * 1024, 'grpc.max_send_message_length': 256 * 1024 * 1024 });
  const open = new Set<grpc.ServerWritableStream<object, object> | grpc.ServerDuplexStream<object, object>>();

  server.addService(serviceDefinition('tfplugin6.Provider'), opts.provider);
  server.addService(serviceDefinition('grpc.health.v1.Health'), {
    Check: (_call: grpc.ServerUnaryCall<object, object>, cb: grpc.sendUnaryData<object>) => cb(null, { status: 1 }), // SERVING
  });
  server.addService(serviceDefinition('plugin.GRPCController'), {
    Shutdown: (_call: grpc.ServerUnaryCall<object, object>, cb: grpc.sendUnaryData<object>) => {
      cb(null, {});
      setImmediate(() => opts.onShutdown());
    },
  });
  // The broker lets plugins open extra connections; the provider needs none, so the stream only stays open.
  server.addService(serviceDefinition('plugin.GRPCBroker'), {
    StartStream: (call: grpc.ServerDuplexStream<object, object>) => {
      open.add(call);
      call.on('data', () => undefined);
      call.on('end', () => (open.delete(call), call.end()));
      call.on('error', () => open.delete(call));
    },
  });
  // Our logs go to stderr, which go-plugin reads directly: nothing to forward here.
  server.addService(serviceDefinition('plugin.GRPCStdio'), {
    StreamStdio: (call: grpc.ServerWritableStream<object, object>) => {
      open.add(call);
      call.on('cancelled', () => open.delete(call));
    },
  });

  const creds = opts.tls
    ? grpc.ServerCredentials.createSsl(Buffer.from(opts.tls.clientCaPem), [{ private_key: Buffer.from(opts.tls.keyPem), cert_chain: Buffer.from(opts.tls.certPem) }], true)
    : grpc.ServerCredentials.createInsecure();
  const port = await bind(server, creds, opts.ports);
  const address = `127.0.0.1:${port}`;
  opts.log(`serving tfplugin6 on ${address}${opts.tls ? ' (mTLS)' : ''}`);
  return {
    server,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.end();
        server.tryShutdown(() => resolve());
        setTimeout(() => (server.forceShutdown(), resolve()), 1000).unref();
      }),
  };
}

function bindOnce(server: grpc.Server, creds: grpc.ServerCredentials, port: number): Promise<number> {
  return new Promise((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, creds, (err, p) => (err ? reject(err) : resolve(p))));
}

async function bind(server: grpc.Server, creds: grpc.ServerCredentials, range?: { min: number; max: number }): Promise<number> {
  if (range) {
    for (let i = 0; i < 20; i++) {
      const port = range.min + Math.floor(Math.random() * (range.max - range.min + 1));
      try {
        return await bindOnce(server, creds, port);
      } catch {
        // taken: try another
      }
    }
  }
  return bindOnce(server, creds, 0);
}
