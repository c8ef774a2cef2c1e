import { createRequire } from 'node:module';
import path from 'node:path';
import express from 'express';

const require = createRequire(import.meta.url);

/** Files the page loads, all served from node_modules: the playground needs no internet. */
const pkgDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const ASSETS: Record<string, string> = {
  'react.js': path.join(pkgDir('react'), 'umd/react.production.min.js'),
  'react-dom.js': path.join(pkgDir('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.js': path.join(pkgDir('graphiql'), 'graphiql.min.js'),
  'graphiql.css': path.join(pkgDir('graphiql'), 'graphiql.min.css'),
};

const DEFAULT_QUERY = `# Paste your API token in the Headers tab: {"Authorization": "Bearer cpt_..."}
query Certificates {
  certificates(first: 20) {
    totalCount
    edges { node { id hostname status expiresAt } }
  }
}
`;

/**
 * GraphiQL with a fetcher that speaks HTTP for queries and mutations and the graphql-ws protocol
 * (on the same path) for subscriptions, sending the Authorization header in the connection payload.
 */
function page(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>certplane playground</title>
<link rel="stylesheet" href="/playground/graphiql.css">
<style>html,body,#root{height:100%;margin:0}</style></head>
<body><div id="root"></div>
<script src="/playground/react.js"></script>
<script src="/playground/react-dom.js"></script>
<script src="/playground/graphiql.js"></script>
<script>
const httpUrl = location.origin + '/graphql';
const wsUrl = httpUrl.replace(/^http/, 'ws');
function subscribe(params, headers) {
  let socket, queue = [], waiting = null, done = false;
  const push = (v) => { if (waiting) { const w = waiting; waiting = null; w(v); } else queue.push(v); };
  socket = new WebSocket(wsUrl, 'graphql-transport-ws');
  socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: headers || {} }));
  socket.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: params }));
    else if (msg.type === 'next') push({ value: msg.payload, done: false });
    else if (msg.type === 'error') { push({ value: { errors: msg.payload }, done: false }); push({ done: true }); }
    else if (msg.type === 'complete') push({ done: true });
    else if (msg.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
  };
  socket.onclose = (e) => { if (!done) { push({ value: { errors: [{ message: 'connection closed: ' + (e.reason || e.code) }] }, done: false }); push({ done: true }); } };
  return {
    [Symbol.asyncIterator]() { return this; },
    next() { return queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => (waiting = r)); },
    return() { done = true; socket.close(); return Promise.resolve({ done: true }); },
  };
}
async function fetcher(params, opts) {
  const headers = (opts && opts.headers) || {};
  if (/(^|[\\s}])subscription\\b/.test(params.query.replace(/#.*$/gm, ''))) {
    return subscribe(params, headers);
  }
  const res = await fetch(httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(params) });
  return res.json();
}
ReactDOM.createRoot(document.getElementById('root')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(DEFAULT_QUERY)}, shouldPersistHeaders: true }),
);
</script></body></html>`;
}

export function playgroundRouter(): express.Router {
  const router = express.Router();
  const html = page();
  // The dashboard has / (dashboard.ts); GraphiQL is at /playground, its files beside it.
  router.get(['/playground', '/playground/'], (_req, res) => {
    res.type('html').send(html);
  });
  router.get('/playground/:file', (req, res) => {
    const file = ASSETS[req.params.file];
    if (!file) return void res.status(404).end();
    res.sendFile(file, { maxAge: '1d' });
  });
  return router;
}
