/**
 * Who a Handle round's record is of, and its resource calls: calls that all name the record's token are kept without
 * it (the token is the task's), so that tasks waiting on one pool share them.
 *
 * @module
 */
import type { CallRecord, ResourceCall } from '../../timeline/types';
import type { Recent } from './recent';
import { keyCount, sameJson } from './same-json';

/** Who a record is of: one object per task attempt (and token its resource calls name). */
export interface TaskRef {
  readonly task: string;
  readonly attempt: number;
  readonly generatedName: string;
  /** The token every resource call of the record names (as the plugin named it, and qualified), if one. */
  readonly token: string | undefined;
  readonly tokenFQ: string | undefined;
}

/** Resource calls that all name the record's token: kept without it, which tasks in the same state then share. */
export class TokenHoles {
  constructor(readonly calls: readonly ResourceCall[]) {}
}

/** Resource calls as kept: the record's own list, or calls without their token. */
export type KeptResources = CallRecord['resources'] | TokenHoles;

/** Whether `ref` names the record's (or round's) task attempt and token. */
export const sameRef = (
  ref: TaskRef | undefined,
  r: Pick<CallRecord, 'attempt' | 'generatedName'>,
  token: ResourceCall | undefined,
): boolean =>
  ref !== undefined &&
  ref.attempt === r.attempt &&
  ref.generatedName === r.generatedName &&
  ref.token === token?.token &&
  ref.tokenFQ === token?.tokenFQ;

/** Who the record is of, as a new reference. */
export function newRef(r: CallRecord, token: ResourceCall | undefined): TaskRef {
  // prettier-ignore
  return { task: r.task, attempt: r.attempt, generatedName: r.generatedName, token: token?.token, tokenFQ: token?.tokenFQ };
}

/** The call whose token every call names, or `undefined` (none, or several tokens). */
export function tokenOf(calls: CallRecord['resources']): ResourceCall | undefined {
  const first = calls[0];
  if (first === undefined) return undefined;
  for (const c of calls) if (c.token !== first.token || c.tokenFQ !== first.tokenFQ) return undefined;
  return first;
}

/** The resource calls as kept: the task's last, or a recent record's, when the same (but for the token). */
export function keptResources(
  calls: CallRecord['resources'],
  token: ResourceCall | undefined,
  own: KeptResources | undefined,
  recent: Recent<TokenHoles>,
): KeptResources {
  if (token === undefined)
    return own !== undefined && !(own instanceof TokenHoles) && sameJson(own, calls) ? own : calls;
  if (own instanceof TokenHoles && sameCalls(own.calls, calls)) return own;
  const found = recent.find((x) => sameCalls(x.calls, calls));
  return recent.add(found ?? new TokenHoles(calls.map((c) => ({ ...c, token: '', tokenFQ: '' }))));
}

function sameCalls(templates: readonly ResourceCall[], calls: CallRecord['resources']): boolean {
  if (templates.length !== calls.length) return false;
  for (let i = 0; i < calls.length; i++) {
    const t = templates[i]!;
    const c = calls[i]!;
    let n = 0;
    for (const k in c) {
      n++;
      if (k !== 'token' && k !== 'tokenFQ' && !sameJson(t[k as keyof ResourceCall], c[k as keyof ResourceCall]))
        return false;
    }
    if (n !== keyCount(t)) return false;
  }
  return true;
}

/**
 * Whether a round's resource calls are what {@link keptResources} keeps as `kept` (its task's last record's, which the
 * round then shares): the same calls but for the token when they all name one (`token`), else the same list.
 */
export function repeatsResources(
  kept: KeptResources,
  calls: CallRecord['resources'],
  token: ResourceCall | undefined,
): boolean {
  if (token !== undefined) return kept instanceof TokenHoles && sameCalls(kept.calls, calls);
  // No calls (most rounds): the kept list is an empty one, without comparing lists.
  if (calls.length === 0) return !(kept instanceof TokenHoles) && kept.length === 0;
  return !(kept instanceof TokenHoles) && sameJson(kept, calls);
}

/** The resource calls as read: the token back in each call. */
export function readResources(kept: KeptResources, ref: TaskRef): CallRecord['resources'] {
  if (!(kept instanceof TokenHoles)) return kept;
  return kept.calls.map((c) => ({ ...c, token: ref.token!, tokenFQ: ref.tokenFQ! }));
}
