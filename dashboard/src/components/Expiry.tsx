/** Expiry date with a countdown: green over 30 days, amber within 30, red within 7 or expired. */
import { countdown, expiryLevel, formatDate } from '../format';

const WORDS = { ok: 'more than 30 days left', soon: '30 days or less left', urgent: '7 days or less left' };

/** `served` false (revoked, failed): the date without the colours, which are about a certificate in use. */
export function Expiry(props: { expiresAt: string | null; now: number; served?: boolean }) {
  if (!props.expiresAt) return <span className="muted">—</span>;
  if (props.served === false) {
    return (
      <span className="expiry">
        <time dateTime={props.expiresAt}>{formatDate(props.expiresAt)}</time>
        <span className="muted">{countdown(props.expiresAt, props.now)}</span>
      </span>
    );
  }
  const level = expiryLevel(props.expiresAt, props.now);
  return (
    <span className={`expiry ${level}`} data-level={level}>
      <time dateTime={props.expiresAt}>{formatDate(props.expiresAt)}</time>
      <span className="countdown">
        {countdown(props.expiresAt, props.now)}
        <span className="visually-hidden"> ({WORDS[level]})</span>
      </span>
    </span>
  );
}
