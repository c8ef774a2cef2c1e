import { ApiError } from '../client.js';
import { ProviderError, type AttrPath } from '../framework/diagnostics.js';

export const isNotFound = (err: unknown) => err instanceof ApiError && err.code === 'NOT_FOUND';

/**
 * An API error as a diagnostic, pointing at the attribute it is about: `fields` maps the API's
 * extensions.field (or the error code) to the resource's attribute.
 */
export function toProviderError(err: unknown, action: string, fields: Record<string, string> = {}, state?: Record<string, unknown>): ProviderError {
  if (err instanceof ProviderError) return err;
  if (!(err instanceof ApiError)) return new ProviderError(`Cannot ${action}`, err instanceof Error ? err.message : String(err), undefined, state);
  const field = err.field?.replace(/\[\d+\]$/, '');
  const attr = (field && fields[field]) ?? fields[err.code];
  const path: AttrPath | undefined = attr ? [attr] : undefined;
  const hint =
    err.code === 'UNAUTHENTICATED'
      ? ' Check the provider token (CERTPLANE_TOKEN).'
      : err.code === 'FORBIDDEN'
        ? ' The token lacks a scope this needs.'
        : '';
  return new ProviderError(`Cannot ${action}`, `${err.message} (${err.code}).${hint}`, path, state);
}
