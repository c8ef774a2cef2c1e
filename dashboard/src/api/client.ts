/** A small typed GraphQL client: fetch for queries and mutations, on /graphql of this origin. */

export interface GraphQLErrorItem {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
}

/** The API's own errors (`errors[].message` and `extensions.code`), kept for the UI to show as they are. */
export class ApiError extends Error {
  constructor(readonly errors: GraphQLErrorItem[], readonly status?: number) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'ApiError';
  }
  /** The first error's code, e.g. FORBIDDEN, CONFLICT, UNAUTHENTICATED. */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/** A GraphQL document with the types of its result and variables (written beside it in queries.ts). */
export type Operation<TData, TVars> = string & { readonly __types?: [TData, TVars] };
export const op = <TData, TVars = Record<string, never>>(source: string) => source as Operation<TData, TVars>;

export const GRAPHQL_PATH = '/graphql';

export async function request<TData, TVars>(token: string, doc: Operation<TData, TVars>, variables?: TVars, signal?: AbortSignal): Promise<TData> {
  let res: Response;
  try {
    res = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: doc, variables: variables ?? {} }),
      signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError([{ message: `cannot reach the API: ${(err as Error).message}`, extensions: { code: 'NETWORK_ERROR' } }]);
  }
  let body: { data?: TData | null; errors?: GraphQLErrorItem[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError([{ message: `the API answered ${res.status} ${res.statusText} without JSON`, extensions: { code: 'BAD_RESPONSE' } }], res.status);
  }
  if (body.errors?.length) throw new ApiError(body.errors, res.status);
  if (!body.data) throw new ApiError([{ message: `the API answered ${res.status} without data`, extensions: { code: 'BAD_RESPONSE' } }], res.status);
  return body.data;
}
