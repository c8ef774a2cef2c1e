/** A small GraphQL client for the certplane API: one POST per operation, errors as ApiError. */

export interface GraphQLErrorShape {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; field?: string };
}

export class ApiError extends Error {
  constructor(
    message: string,
    /** extensions.code: NOT_FOUND, BAD_USER_INPUT, CONFLICT, FORBIDDEN, UNAUTHENTICATED, ... or HTTP / NETWORK. */
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface QueryResult<T> {
  data: T;
  /** Errors on single fields when the rest of the answer is there (e.g. privateKeyPem without its scope). */
  fieldErrors: GraphQLErrorShape[];
}

export interface ClientOptions {
  /** Base URL of the control plane (http://host:4000) or its /graphql URL. */
  endpoint: string;
  token: string;
  userAgent?: string;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
}

export class CertplaneClient {
  readonly url: string;
  constructor(private readonly opts: ClientOptions) {
    const base = opts.endpoint.replace(/\/+$/, '');
    this.url = base.endsWith('/graphql') ? base : `${base}/graphql`;
  }

  /** Runs an operation; errors with no data become ApiError, field errors beside data are returned. */
  async request<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<QueryResult<T>> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.opts.token}`,
          'user-agent': this.opts.userAgent ?? 'terraform-provider-certplane',
        },
        body: JSON.stringify({ query, variables }),
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(this.opts.timeoutMs ?? 30_000)]) : AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new ApiError(`cannot reach the certplane API at ${this.url}: ${(err as Error).message}`, 'NETWORK');
    }
    let body: { data?: T | null; errors?: GraphQLErrorShape[] };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new ApiError(`the certplane API at ${this.url} answered HTTP ${res.status} without a GraphQL body`, 'HTTP');
    }
    const errors = body.errors ?? [];
    // An error on a root field (or without a path) fails the operation; deeper ones are field errors.
    const fatal = errors.find((e) => !e.path || e.path.length <= 1) ?? (body.data ? undefined : errors[0]);
    if (fatal || !body.data) {
      const e = fatal ?? { message: `HTTP ${res.status} with no data` };
      throw new ApiError(e.message, e.extensions?.code ?? (res.ok ? 'INTERNAL_SERVER_ERROR' : 'HTTP'), e.extensions?.field);
    }
    return { data: body.data, fieldErrors: errors };
  }

  async query<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    return (await this.request<T>(query, variables, signal)).data;
  }
}
