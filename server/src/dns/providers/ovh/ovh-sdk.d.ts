/** The part of the `ovh` SDK (2.0.x, CommonJS, no types of its own) the ovh provider uses. */
declare module 'ovh' {
  interface OvhClientParams {
    appKey: string;
    appSecret: string;
    consumerKey?: string;
    /** A preconfigured API: 'ovh-eu', 'ovh-ca', 'ovh-us', ... (sets `host`). */
    endpoint?: string;
    /** API host (default eu.api.ovh.com); the SDK always speaks HTTPS. */
    host?: string;
    /** Default 443. */
    port?: number;
    /** Default '/1.0'. */
    basePath?: string;
    /** Socket timeout in ms. */
    timeout?: number;
    /** Seconds between the API's clock and ours (default: asked with GET /auth/time before the first call). */
    apiTimeDiff?: number;
  }

  interface OvhClient {
    /**
     * One API call; GET/DELETE params go in the query string, POST/PUT params in a JSON body. Resolves with
     * the parsed body (null when empty) on HTTP 200; rejects with `{ error, message }`: `error` the HTTP
     * status (message the API's `message`), or the socket's errno, or a string from the SDK itself.
     */
    requestPromised(method: string, path: string, params?: Record<string, unknown>): Promise<unknown>;
  }

  function ovh(params: OvhClientParams): OvhClient;
  export = ovh;
}
