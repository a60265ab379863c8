import { factKinds, type FactKind, type FactKindName, type FactOf, type FactOfKindName } from '../../src/domain/index.js';
import type { z } from 'zod';
import { pickupPolicies, type PickupPolicyEnv } from '../pickup/policy.js';
import { stockCountPolicy } from '../policies/stock-count.js';
import { shiftPolicies } from '../policies/shift.js';
import { saleVoidedPolicy } from '../policies/sale-voided.js';
import { receiptRequestPolicy } from '../receipts/policy.js';
import { customerPolicies } from '../customers/policy.js';
import { customerViewedPolicy } from '../customers/viewed-policy.js';
import { clientelingPolicies } from '../customers/clienteling-policy.js';
import { returnPolicy } from '../returns/policy.js';
import { transferPolicies } from '../transfers/policy.js';
import { creditAdjustedPolicy } from '../credits/adjust-policy.js';
import type { FactPolicy } from './policy.js';

/** What policies need from the server's configuration. */
export type FactPolicyEnv = PickupPolicyEnv;

/** The policy of every kind in the domain's registry: a kind without one does not compile. */
function kindPolicies(env: FactPolicyEnv): { [K in FactKindName]: FactPolicy<FactOfKindName<K>> } {
  return {
    'stock.count': stockCountPolicy,
    ...pickupPolicies(env),
    ...customerPolicies,
    'customer.viewed': customerViewedPolicy,
    ...clientelingPolicies,
    ...shiftPolicies,
    'sale.voided': saleVoidedPolicy,
    'sale.receipt-requested': receiptRequestPolicy(env),
    'return.recorded': returnPolicy,
    ...transferPolicies,
    'credit.adjusted': creditAdjustedPolicy,
  };
}

export const DEFAULT_POLICY_ENV: FactPolicyEnv = { publicUrl: 'http://localhost:8080' };

/** A kind the server applies: its registry entry (schemas, stock effect) and its policy. */
export interface FactKindRegistration {
  kind: FactKind;
  policy: FactPolicy<FactOf<z.ZodType<string>, z.ZodObject>>;
}

/** Pairs a kind with its policy, checking that the policy decides facts of that kind. */
export const registerFactKind = <S extends z.ZodType<string>, P extends z.ZodObject>(
  kind: FactKind<string, S, P>,
  policy: FactPolicy<FactOf<S, P>>,
): FactKindRegistration => ({ kind, policy }) as FactKindRegistration;

/**
 * The kinds this server applies, by name: the domain's registry and, for tests or a feature under development,
 * `extra` kinds registered without editing any file here.
 */
export function factKindRegistry(
  extra: readonly FactKindRegistration[] = [],
  env: FactPolicyEnv = DEFAULT_POLICY_ENV,
): ReadonlyMap<string, FactKindRegistration> {
  const registry = new Map<string, FactKindRegistration>();
  const policies = kindPolicies(env);
  // Each name's entry and policy match by the map's type; TypeScript cannot correlate them through the union of names.
  const builtIn = (Object.keys(factKinds) as FactKindName[]).map(
    (name) => ({ kind: factKinds[name], policy: policies[name] }) as FactKindRegistration,
  );
  for (const registration of [...builtIn, ...extra]) {
    if (registry.has(registration.kind.kind)) throw new Error(`fact kind ${registration.kind.kind} is registered twice`);
    registry.set(registration.kind.kind, registration);
  }
  return registry;
}
