/**
 * The API benchmark's floor: Apollo Server on express 5 (the same integration certplane uses)
 * answering a constant, no database, no auth. Prints `listening <url>` on stdout.
 */
import '../server/src/production.js'; // the same NODE_ENV as certplane's server
import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';

const typeDefs = 'type Query { hello: String! }';
const resolvers = { Query: { hello: () => 'world' } };

async function main() {
  const apollo = new ApolloServer({ typeDefs, resolvers });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.stdout.write(`listening http://127.0.0.1:${(server.address() as { port: number }).port}\n`);
  process.on('SIGTERM', () => void apollo.stop().then(() => process.exit(0)));
}

void main();
