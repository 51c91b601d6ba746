import type { CloudTrailRecord } from '../record.js';
import {
  accessKeyOf,
  at,
  eventNameOf,
  eventSourceOf,
  failed,
  few,
  fromIp,
  identityTypeOf,
  isLongTermKey,
  list,
  outcome,
  scalar,
  shown,
  str,
  who,
} from './fields.js';
import { documentGrantsEverything } from './policy.js';
import { downgrade, type Rule, recordRule, type Severity } from './types.js';

/**
 * Temporary credentials minted from a user's long-term key. Issued session tokens cannot be revoked, and they stay
 * valid (up to 36 hours) after the key that minted them is deactivated or deleted, so an intruder who expects the
 * key to be rotated turns it into sessions first.
 */

const isSts = (record: CloudTrailRecord, name: string): boolean =>
  eventSourceOf(record) === 'sts.amazonaws.com' && eventNameOf(record) === name;

function duration(record: CloudTrailRecord): string {
  const seconds = Number(scalar(at(record.requestParameters, 'durationSeconds')));
  return Number.isFinite(seconds) && seconds > 0 ? ` for ${Math.round((seconds / 3600) * 10) / 10} h` : '';
}

export const federationTokenBroad = recordRule({
  id: 'sts-federation-token-broad',
  title: 'Federation token with broad permissions',
  severity: 'high',
  alsoSeverities: ['medium'],
  description:
    "GetFederationToken with an inline policy allowing * on *, or with any managed policyArns. The federated session keeps the user's permissions (up to what the policy allows) for up to 36 h, survives deactivating the user's key, and can be turned into a console sign-in.",
  match(record) {
    if (!isSts(record, 'GetFederationToken')) return undefined;
    const request = record.requestParameters;
    const broadInline = documentGrantsEverything(at(request, 'policy'));
    const arns = list(at(request, 'policyArns'))
      .map((p) => str(at(p, 'arn')) ?? str(p))
      .filter((a): a is string => a !== undefined);
    if (!broadInline && arns.length === 0) return undefined;
    const what = [
      broadInline ? 'an inline policy allowing * on *' : '',
      arns.length ? `policies ${few(arns, 2)}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const name = str(at(request, 'name'));
    return {
      reason: `GetFederationToken${name ? ` ${shown(name)}` : ''}${duration(record)} with ${what} by ${who(record)}${fromIp(record)}${outcome(record)}`,
      severity: failed(record) ? downgrade('high') : 'high',
    };
  },
});

export const sessionTokenFromLongTermKey = recordRule({
  id: 'sts-session-token-long-term-key',
  title: 'Session token minted from a long-term key',
  severity: 'medium',
  alsoSeverities: ['high', 'low'],
  description:
    "GetSessionToken signed with a long-term access key (AKIA…): the ASIA credentials it returns outlive the key being deactivated, so containment must also deny the user's existing sessions. High when the caller is root.",
  match(record) {
    if (!isSts(record, 'GetSessionToken')) return undefined;
    const key = accessKeyOf(record);
    if (!isLongTermKey(key)) return undefined;
    const severity: Severity = identityTypeOf(record) === 'Root' ? 'high' : 'medium';
    return {
      reason: `GetSessionToken${duration(record)} with long-term key ${shown(key)} by ${who(record)}${fromIp(record)}${outcome(record)}; its session outlives disabling the key`,
      severity: failed(record) ? downgrade(severity) : severity,
    };
  },
});

export const STS_TOKEN_RULES: readonly Rule[] = [federationTokenBroad, sessionTokenFromLongTermKey];
