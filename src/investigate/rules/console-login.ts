import { type CloudTrailRecord, principalOf } from '../record.js';
import { findBursts, span, type Timed } from './burst.js';
import { at, clientIpOf, eventNameOf, few, fromIp, identityTypeOf, str, timeOf, who } from './fields.js';
import { type Rule, recordRule } from './types.js';

/** Console sign-ins: root, no MFA, and password guessing. */

const isConsoleLogin = (record: CloudTrailRecord): boolean => eventNameOf(record) === 'ConsoleLogin';
const loginResult = (record: CloudTrailRecord): string | undefined =>
  str(at(record, 'responseElements', 'ConsoleLogin'));
const mfaUsed = (record: CloudTrailRecord): string | undefined =>
  str(at(record, 'additionalEventData', 'MFAUsed'));

export const consoleLoginRoot = recordRule({
  id: 'console-login-root',
  title: 'Console sign-in as root',
  severity: 'critical',
  alsoSeverities: ['high'],
  description:
    'A ConsoleLogin by the root user. Root cannot be restricted by any policy and should only sign in for the few tasks that need it; a failed attempt means someone has the root e-mail address.',
  match(record) {
    if (!isConsoleLogin(record) || identityTypeOf(record) !== 'Root') return undefined;
    const mfa = mfaUsed(record) === 'Yes' ? 'with MFA' : 'without MFA';
    if (loginResult(record) === 'Failure')
      return { reason: `Failed ConsoleLogin as root${fromIp(record)}`, severity: 'high' };
    return { reason: `ConsoleLogin by root ${mfa}${fromIp(record)}` };
  },
});

export const consoleLoginNoMfa = recordRule({
  id: 'console-login-no-mfa',
  title: 'Console sign-in without MFA',
  severity: 'high',
  description:
    'A successful ConsoleLogin by an IAM user with MFAUsed "No": a stolen password alone was enough. Federated (SSO/SAML) sign-ins are left out because their MFA happens at the identity provider.',
  match(record) {
    if (!isConsoleLogin(record) || identityTypeOf(record) !== 'IAMUser') return undefined;
    if (loginResult(record) !== 'Success' || mfaUsed(record) !== 'No') return undefined;
    return { reason: `ConsoleLogin by ${who(record)} without MFA${fromIp(record)}` };
  },
});

/** Five failures inside ten minutes: more than a mistyped password, fewer than any real guessing tool makes. */
export const CONSOLE_FAILURE_BURST = { threshold: 5, windowMs: 10 * 60_000 } as const;

export const consoleLoginFailureBurst: Rule = {
  id: 'console-login-failure-burst',
  title: 'Burst of failed console sign-ins',
  severity: 'high',
  severities: ['high'],
  description: `At least ${CONSOLE_FAILURE_BURST.threshold} failed ConsoleLogin events within ${span(CONSOLE_FAILURE_BURST.windowMs)} across the results (any user, any IP): password guessing or credential stuffing. The finding sits on the newest failure of the burst.`,
  evaluate(records) {
    const failures: Timed[] = [];
    records.forEach((record, index) => {
      if (typeof record !== 'object' || record === null) return;
      if (!isConsoleLogin(record) || loginResult(record) !== 'Failure') return;
      const time = timeOf(record);
      if (time !== undefined) failures.push({ index, time });
    });
    return findBursts(failures, CONSOLE_FAILURE_BURST.threshold, CONSOLE_FAILURE_BURST.windowMs).map(
      (burst) => {
        const members = burst.indices.map((i) => records[i]!);
        const users = members.map((r) => str(at(r, 'userIdentity', 'userName')) ?? principalOf(r));
        const ips = members.map((r) => clientIpOf(r) ?? str(r.sourceIPAddress) ?? 'unknown');
        return {
          index: burst.indices.at(-1)!,
          reason: `${members.length} failed console sign-ins in ${span(burst.last - burst.first)} for ${few(users)} from ${few(ips)}`,
        };
      },
    );
  },
};

export const CONSOLE_LOGIN_RULES: readonly Rule[] = [
  consoleLoginRoot,
  consoleLoginNoMfa,
  consoleLoginFailureBurst,
];
