import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { readProtoFiles } from './proto-files.js';

/** Decoded messages are plain objects: snake_case fields, int64 as number, bytes as Buffer, enums as numbers. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: Number, enums: Number, bytes: Buffer, defaults: true, oneofs: true };

let root: protobuf.Root | undefined;

export function protoRoot(): protobuf.Root {
  if (root) return root;
  const r = new protobuf.Root();
  for (const [name, text] of Object.entries(readProtoFiles())) {
    protobuf.parse(text, r, { keepCase: true, alternateCommentMode: true });
    void name;
  }
  r.resolveAll();
  root = r;
  return r;
}

function codec(type: protobuf.Type) {
  return {
    serialize: (value: object) => Buffer.from(type.encode(type.fromObject(value)).finish()),
    deserialize: (bytes: Buffer) => type.toObject(type.decode(bytes), TO_OBJECT),
  };
}

/** A grpc-js service definition for a service of our .proto files, e.g. "tfplugin6.Provider". */
export function serviceDefinition(fullName: string): grpc.ServiceDefinition {
  const service = protoRoot().lookupService(fullName);
  const def: Record<string, grpc.MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const req = codec(method.resolvedRequestType!);
    const res = codec(method.resolvedResponseType!);
    def[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: !!method.requestStream,
      responseStream: !!method.responseStream,
      requestSerialize: req.serialize,
      requestDeserialize: req.deserialize,
      responseSerialize: res.serialize,
      responseDeserialize: res.deserialize,
      originalName: method.name,
    } as grpc.MethodDefinition<object, object>;
  }
  return def as grpc.ServiceDefinition;
}
