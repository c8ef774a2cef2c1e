/** The API's own error messages, each with its extensions.code, announced to screen readers. */
import { ApiError } from '../api/client';

export function ErrorMessage(props: { error: unknown; hint?: (code: string | undefined) => string | undefined }) {
  const { error } = props;
  if (!error) return null;
  const items =
    error instanceof ApiError
      ? error.errors.map((e) => ({ message: e.message, code: e.extensions?.code }))
      : [{ message: error instanceof Error ? error.message : String(error), code: undefined }];
  return (
    <div className="error" role="alert">
      {items.map((e, i) => (
        <p key={i}>
          {e.code && <code className="code">{e.code}</code>} {e.message}
          {props.hint?.(e.code) && <span className="hint"> {props.hint(e.code)}</span>}
        </p>
      ))}
    </div>
  );
}
