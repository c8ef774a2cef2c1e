import { GraphQLError } from 'graphql';

/** Codes a client can act on; anything else is masked as INTERNAL_SERVER_ERROR. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  ACME_ERROR: 'ACME_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one error class that reaches clients: a message for a person and a code for a program. */
export class UserError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: { field?: string; [k: string]: unknown } = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const badInput = (message: string, field?: string) => new UserError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const notFound = (what: string, id: string) => new UserError(ErrorCode.NOT_FOUND, `${what} ${id} not found`);
export const conflict = (message: string) => new UserError(ErrorCode.CONFLICT, message);
export const forbidden = (message: string) => new UserError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = (message: string) => new UserError(ErrorCode.UNAUTHENTICATED, message);
