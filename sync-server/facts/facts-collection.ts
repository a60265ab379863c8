import { DomainError, ErrorCode, toFieldErrors, type Fact, type FieldError } from '../../src/domain/index.js';
import type { PushPolicy, PushRow } from '../policies/push.js';
import { admittedFacts, authorizeFacts } from './engine.js';
import type { FactKindRegistration } from './kinds.js';
import type { FactPolicy } from './policy.js';

/**
 * The push policy of the `facts` collection: each fact is validated by its kind's schemas (field paths like
 * `0.newDocumentState.payload.counted`), then the batch goes through the engine in one transaction, each fact
 * decided by its kind's policy, kinds mixed freely within a push.
 */
export function factsPushPolicy(kinds: ReadonlyMap<string, FactKindRegistration>): PushPolicy<Fact> {
  // Admitted facts all have a registered kind; a kind's policy takes the facts its schemas parsed.
  const policyOf = (fact: Fact) => kinds.get(fact.kind)!.policy as FactPolicy<Fact>;
  return {
    admit(rows, device) {
      const checked = rows.map((row, i) => checkKind(row, i, kinds));
      const fieldErrors = checked.flatMap((c) => c.fieldErrors);
      if (fieldErrors.length > 0) {
        throw new DomainError(
          ErrorCode.VALIDATION_FAILED,
          `Invalid input: ${fieldErrors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
          fieldErrors,
        );
      }
      const admitted = checked.map((c) => c.row);
      authorizeFacts(admitted, device);
      return admittedFacts({ collection: 'facts', rows: admitted, device, policyOf });
    },
  };
}

/** A row with its subject and payload as the kind parses them, or what is wrong with them. */
function checkKind(
  row: PushRow<Fact>,
  i: number,
  kinds: ReadonlyMap<string, FactKindRegistration>,
): { row: PushRow<Fact>; fieldErrors: FieldError[] } {
  const fact = row.newDocumentState;
  const registration = kinds.get(fact.kind);
  if (!registration)
    return { row, fieldErrors: [{ path: `${i}.newDocumentState.kind`, message: `this server does not know the fact kind "${fact.kind}"` }] };
  const subject = registration.kind.subject.safeParse(fact.subjectId);
  const payload = registration.kind.payload.safeParse(fact.payload);
  const fieldErrors = [
    ...(subject.success ? [] : toFieldErrors(subject.error, [i, 'newDocumentState', 'subjectId'])),
    ...(payload.success ? [] : toFieldErrors(payload.error, [i, 'newDocumentState', 'payload'])),
  ];
  if (!subject.success || !payload.success) return { row, fieldErrors };
  return { row: { ...row, newDocumentState: { ...fact, subjectId: subject.data, payload: payload.data } }, fieldErrors };
}
