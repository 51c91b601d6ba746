import { canonicalJson, sha256Hex } from '../isolate/plan-hash.js';
import type { Refusal } from './guards.js';
import type { FoundPrincipal, ObservedRole, ObservedUser } from './observation.js';
import {
  fitsUserInline,
  managedPolicyArn,
  policyName,
  spareUserInline,
  userDenyDocument,
} from './policies.js';
import { refusedSummary, roleSummary, userSummary } from './summary.js';

export interface PlanContext {
  resourceId: string;
  incidentId: string;
  /** The account the clients act in, where the plan was made. */
  clientAccount: string;
  now: Date;
}

export interface UserDeny {
  /** Chosen at planning; a step that meets a full budget at run time falls back to managed and records it. */
  mode: 'inline' | 'managed';
  inlineName: string;
  managedName: string;
  managedArn: string;
  document: string;
  /** The user's own inline policy of the same name, recorded before it is overwritten. */
  overwrites?: string;
  /** Characters left in the user's inline budget beside a policy of that name. */
  spare: number;
}

export interface UserRevoke {
  userName: string;
  userArn: string;
  keys: { id: string; status: string }[];
  /** Keys active at planning that this action deactivates; restore reactivates exactly these. */
  deactivate: string[];
  deny: UserDeny;
  console: boolean;
}

export interface RoleRevoke {
  roleName: string;
  roleArn: string;
  policyName: string;
  /** The cut-off planned; the step uses the moment it runs if that is later. */
  issuedBefore: string;
  overwrites?: string;
  instances: string[];
}

export interface RevokePlan {
  resourceId: string;
  incidentId: string;
  /**
   * The account the target lives in. On KEY_IN_OTHER_ACCOUNT (and PRINCIPAL_IN_OTHER_ACCOUNT) it is not
   * `clientAccount`: re-target the action to this account.
   */
  account: string;
  clientAccount: string;
  plannedAt: string;
  refusal?: Refusal;
  principal?: { type: 'user' | 'role'; name: string; arn: string };
  user?: UserRevoke;
  role?: RoleRevoke;
  /** Preview lines and warnings; they quote names and fields from AWS, so the Slack renderer escapes them. */
  summary: string[];
  warnings: string[];
  /** sha256 of the facts the plan acts on; times and last-use dates are left out, so they alone never re-preview. */
  planHash: string;
}

export interface UserChoices {
  /** Keys to deactivate; by default every active one. Keys not active at planning are left alone. */
  keys?: readonly string[];
  /** The key the responder named, for the preview. */
  viaKey?: string;
}

export function planUserRevoke(
  context: PlanContext,
  user: ObservedUser,
  choices: UserChoices = {},
): RevokePlan {
  const inlineName = policyName.userDeny(context.incidentId);
  const managedName = policyName.managedDeny(context.incidentId);
  const document = userDenyDocument();
  const overwrites = user.inlinePolicies[inlineName];
  const chosen = new Set(choices.keys ?? user.keys.map((key) => key.id));
  const revoke: UserRevoke = {
    userName: user.name,
    userArn: user.arn,
    keys: user.keys.map(({ id, status }) => ({ id, status })),
    deactivate: user.keys.filter((key) => key.status === 'Active' && chosen.has(key.id)).map((key) => key.id),
    deny: {
      mode: fitsUserInline(user.inlinePolicies, inlineName, document) ? 'inline' : 'managed',
      inlineName,
      managedName,
      managedArn: managedPolicyArn(user.arn, managedName),
      document,
      ...(overwrites !== undefined && { overwrites }),
      spare: spareUserInline(user.inlinePolicies, inlineName),
    },
    console: user.console !== undefined,
  };
  const { summary, warnings } = userSummary(user, revoke, choices);
  return finish(context, user.account, { type: 'user', name: user.name, arn: user.arn }, summary, warnings, {
    user: revoke,
  });
}

export function planRoleRevoke(context: PlanContext, role: ObservedRole): RevokePlan {
  const name = policyName.roleSessions(context.incidentId);
  const revoke: RoleRevoke = {
    roleName: role.name,
    roleArn: role.arn,
    policyName: name,
    issuedBefore: context.now.toISOString(),
    ...(role.sessionsPolicy !== undefined && { overwrites: role.sessionsPolicy }),
    instances: role.instances,
  };
  const { summary, warnings } = roleSummary(role, revoke);
  return finish(context, role.account, { type: 'role', name: role.name, arn: role.arn }, summary, warnings, {
    role: revoke,
  });
}

/** A plan that only explains: nothing will run, but the preview still says what was found and why. */
export function planRefusal(
  context: PlanContext,
  account: string,
  refusal: Refusal,
  principal?: FoundPrincipal,
): RevokePlan {
  const shown = principal && { type: principal.type, name: principal.name, arn: principal.arn };
  return finish(
    context,
    account,
    shown,
    refusedSummary(context.resourceId, account, refusal, principal),
    [],
    {
      refusal,
    },
  );
}

function finish(
  context: PlanContext,
  account: string,
  principal: RevokePlan['principal'],
  summary: string[],
  warnings: string[],
  rest: Pick<RevokePlan, 'user' | 'role' | 'refusal'>,
): RevokePlan {
  const plan: Omit<RevokePlan, 'planHash'> = {
    resourceId: context.resourceId,
    incidentId: context.incidentId,
    account,
    clientAccount: context.clientAccount,
    plannedAt: context.now.toISOString(),
    ...(principal && { principal }),
    ...rest,
    summary,
    warnings,
  };
  return { ...plan, planHash: hashOf(plan) };
}

function hashOf(plan: Omit<RevokePlan, 'planHash'>): string {
  const { user, role } = plan;
  return sha256Hex(
    canonicalJson({
      resourceId: plan.resourceId,
      account: plan.account,
      refusal: plan.refusal?.code,
      principal: plan.principal,
      user: user && {
        keys: user.keys,
        deactivate: user.deactivate,
        deny: { mode: user.deny.mode, overwrites: user.deny.overwrites && sha256Hex(user.deny.overwrites) },
        console: user.console,
      },
      role: role && {
        policyName: role.policyName,
        overwrites: role.overwrites && sha256Hex(role.overwrites),
      },
    }),
  );
}
