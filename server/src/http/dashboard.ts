import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { REPO_ROOT } from '../repo-root.js';

/** Where `npm run build` puts the dashboard (Vite's output of dashboard/; scripts/build-dashboard.ts). */
export const DASHBOARD_DIR = path.join(REPO_ROOT, 'dist/dashboard');

/** Paths the dashboard never answers: the API's own, and the playground's. */
const NOT_MINE = /^\/(graphql|healthz|readyz|playground)(\/|$)/;

/**
 * The dashboard's own client routes (dashboard/src/router.ts): /, /certificates[/<id>], /domains[/<id>].
 * Anything else (e.g. a Prometheus scrape of /metrics on the API port) is a 404, not the dashboard's HTML.
 */
export const CLIENT_ROUTE = /^\/(?:(?:certificates|domains)(?:\/[^/]+)?\/?)?$/;

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>certplane</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<h1>certplane</h1>
<p>The dashboard is not built in this copy of certplane (<code>dist/dashboard/</code> is missing).
Build it with <code>npm run build</code> (or start with <code>npm start</code>, which builds it) and reload.</p>
<p>The API is at <a href="/graphql">/graphql</a>; the GraphQL playground at <a href="/playground">/playground</a>.</p>
</body></html>`;

/**
 * The web dashboard at /: Vite's bundle from `dir` (hashed assets cached for a year, index.html never),
 * index.html for the dashboard's client routes (CLIENT_ROUTE, e.g. /certificates/<id>) and 404 for any other path.
 * Without a build, / says how to make one.
 */
export function dashboardRouter(dir = DASHBOARD_DIR): express.Router {
  const router = express.Router();
  const index = path.join(dir, 'index.html');
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }));
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_MINE.test(req.path)) return next();
    if (!CLIENT_ROUTE.test(req.path) || !req.accepts('html')) return void res.status(404).type('text/plain').send(`404 Not Found: ${req.path}\n`);
    if (!existsSync(index)) return void res.status(503).type('html').send(NOT_BUILT);
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
