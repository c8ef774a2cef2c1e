import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../framework/diagnostics.js';
import { planResourceChange } from '../framework/plan.js';
import { Unknown, type TfObject } from '../protocol/values.js';
import { appResource as R } from './app.js';

/** certplane_app's plans and validation, without an API. */
const config = (name: string): TfObject => ({ id: null, default_domain: null, name });
const plan = (prior: TfObject | null, cfg: TfObject) => planResourceChange(R, prior, prior ? { ...prior, name: cfg.name } : cfg, cfg);

describe('plans', () => {
  it('creates an app whose id and default domain are known after apply', () => {
    const { planned } = plan(null, config('shop'));
    expect(planned!.name).toBe('shop');
    expect(planned!.id).toBeInstanceOf(Unknown);
    expect(planned!.default_domain).toBeInstanceOf(Unknown);
  });

  it('renames in place, showing the default domain renamed under the same platform domain', () => {
    const prior = { id: 'a1', name: 'shop', default_domain: 'shop.apps.example.net' };
    expect(plan(prior, config('storefront'))).toEqual({ planned: { id: 'a1', name: 'storefront', default_domain: 'storefront.apps.example.net' }, requiresReplace: [] });
  });

  it('renames an app without a default domain in place, which stays without one', () => {
    const prior = { id: 'a1', name: 'shop', default_domain: null };
    expect(plan(prior, config('storefront'))).toEqual({ planned: { id: 'a1', name: 'storefront', default_domain: null }, requiresReplace: [] });
  });

  it('plans nothing for the same name', () => {
    const prior = { id: 'a1', name: 'shop', default_domain: 'shop.apps.example.net' };
    expect(plan(prior, config('shop')).planned).toEqual(prior);
  });
});

describe('validation', () => {
  it.each([['Shop'], ['-shop'], ['shop_1'], ['a'.repeat(64)]])('refuses the name %s, as the API would', (name) => {
    const diags = new Diagnostics();
    R.validate!(config(name), diags);
    expect(diags.items).toMatchObject([{ summary: 'Invalid app name', path: ['name'] }]);
  });

  it.each([['shop'], ['0-app'], ['a'.repeat(63)]])('takes the name %s', (name) => {
    const diags = new Diagnostics();
    R.validate!(config(name), diags);
    expect(diags.items).toEqual([]);
  });
});
