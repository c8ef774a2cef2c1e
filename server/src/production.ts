/**
 * Imported first by main.ts: libraries read NODE_ENV when they load. graphql-js outside production
 * checks every `instanceOf` for a second copy of itself (2.3% of the API's CPU on a page of 50
 * certificates in bench/api.ts). `NODE_ENV=development` still turns the checks on.
 */
process.env.NODE_ENV ??= 'production';
