import type { CloudTrailRecord } from '../record.js';
import { at, bool, eventNameOf, eventSourceOf, failed, fromIp, outcome, shown, str, who } from './fields.js';
import { documentGrantsEverything } from './policy.js';
import { downgrade, type Rule, recordRule, type Severity } from './types.js';

/** Administrator access handed out, by the managed policy or by an inline `Allow * on *`. */

const isIam = (record: CloudTrailRecord): boolean => eventSourceOf(record) === 'iam.amazonaws.com';

/** "user bob", "role web-app", "group admins": whoever the policy was given to. */
function grantee(record: CloudTrailRecord): string {
  const request = record.requestParameters;
  const user = str(at(request, 'userName'));
  if (user) return `user ${shown(user)}`;
  const role = str(at(request, 'roleName'));
  if (role) return `role ${shown(role)}`;
  const group = str(at(request, 'groupName'));
  if (group) return `group ${shown(group)}`;
  return 'an unnamed principal';
}

function verdict(record: CloudTrailRecord, severity: Severity, what: string) {
  return {
    reason: `${what} by ${who(record)}${fromIp(record)}${outcome(record)}`,
    severity: failed(record) ? downgrade(severity) : severity,
  };
}

const ATTACH = new Set(['AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy']);

export const adminPolicyAttached = recordRule({
  id: 'iam-admin-policy-attached',
  title: 'AdministratorAccess attached',
  severity: 'critical',
  alsoSeverities: ['high'],
  description:
    'AttachUserPolicy, AttachRolePolicy or AttachGroupPolicy with a policy ARN ending in /AdministratorAccess.',
  match(record) {
    if (!isIam(record) || !ATTACH.has(eventNameOf(record))) return undefined;
    const arn = str(at(record.requestParameters, 'policyArn'));
    if (!arn?.endsWith('/AdministratorAccess')) return undefined;
    return verdict(record, 'critical', `${eventNameOf(record)} ${shown(arn)} to ${grantee(record)}`);
  },
});

const PUT_INLINE = new Set(['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy']);

export const adminInlinePolicy = recordRule({
  id: 'iam-admin-inline-policy',
  title: 'Policy granting every action on every resource',
  severity: 'critical',
  alsoSeverities: ['high', 'medium'],
  description:
    'PutUserPolicy, PutRolePolicy or PutGroupPolicy (critical), CreatePolicyVersion set as default (critical) or CreatePolicy (high) whose document has Effect Allow, Action "*" or "*:*" and Resource "*". The document is read whether CloudTrail recorded it plain or URL-encoded.',
  match(record) {
    if (!isIam(record)) return undefined;
    const name = eventNameOf(record);
    const request = record.requestParameters;
    if (!documentGrantsEverything(at(request, 'policyDocument'))) return undefined;
    if (PUT_INLINE.has(name)) {
      const policyName = str(at(request, 'policyName'));
      return verdict(
        record,
        'critical',
        `${name} ${shown(policyName)} allowing * on * to ${grantee(record)}`,
      );
    }
    if (name === 'CreatePolicyVersion') {
      const policy = shown(str(at(request, 'policyArn')));
      const isDefault = bool(at(request, 'setAsDefault')) === true;
      return verdict(
        record,
        isDefault ? 'critical' : 'high',
        `CreatePolicyVersion of ${policy} allowing * on *${isDefault ? ', set as default' : ''}`,
      );
    }
    if (name === 'CreatePolicy') {
      return verdict(record, 'high', `CreatePolicy ${shown(str(at(request, 'policyName')))} allowing * on *`);
    }
    return undefined;
  },
});

export const IAM_ADMIN_RULES: readonly Rule[] = [adminPolicyAttached, adminInlinePolicy];
