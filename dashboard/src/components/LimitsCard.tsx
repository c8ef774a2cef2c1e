/** The organization's plan and what it allows (certificates { limits }), shown when the plan limits something. */
import type { Limits } from '../api/types';

export function limitsApply(l: Limits): boolean {
  return l.max !== null || !l.wildcardEnabled || !l.autoRenewEnabled || !l.manualRenewalEnabled;
}

const yesNo = (b: boolean) => (b ? 'included' : 'not included');

export function LimitsCard(props: { limits: Limits }) {
  const l = props.limits;
  const ratio = l.max ? Math.min(1, l.current / l.max) : 0;
  return (
    <section className="card limits" aria-labelledby="limits-title">
      <h2 id="limits-title">
        Plan <span className="plan">{l.plan}</span>
      </h2>
      <dl>
        <div>
          <dt>Certificates</dt>
          <dd>
            {l.current} / {l.max ?? '∞'} used
            {l.max !== null && (
              <meter min={0} max={l.max} value={l.current} high={l.max * 0.8} optimum={0} aria-label="Certificates used" className={ratio >= 1 ? 'full' : ''} />
            )}
          </dd>
        </div>
        <div>
          <dt>Wildcard certificates</dt>
          <dd>{yesNo(l.wildcardEnabled)}</dd>
        </div>
        <div>
          <dt>Automatic renewal</dt>
          <dd>{yesNo(l.autoRenewEnabled)}</dd>
        </div>
        <div>
          <dt>Renew now</dt>
          <dd>{yesNo(l.manualRenewalEnabled)}</dd>
        </div>
      </dl>
    </section>
  );
}
