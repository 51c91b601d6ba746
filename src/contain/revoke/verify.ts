import type { AwsClients } from '../../aws/clients.js';
import { afterField, attempt, isString, planned, type Result } from '../isolate/step-kit.js';
import type { StepDefinition } from '../step.js';
import { listKeys } from './iam-keys.js';
import { attachedUserPolicies } from './iam-read.js';
import { roleInlineSlot, userInlineSlot } from './inline-policy.js';
import type { RevokePlan, RoleRevoke, UserRevoke } from './plan.js';
import { sameDocument, sessionsCutOff } from './policies.js';
import { stepId } from './step-ids.js';

/**
 * The last critical step: reads IAM back and holds the action to what it promised, whatever the other steps
 * reported. It depends on the critical steps only: a failed console removal (an extra, which the deny makes
 * redundant) must not leave the revocation unverified.
 */
export function verifyStep(
  plan: RevokePlan,
  dependsOn: readonly string[],
  clients: AwsClients,
): StepDefinition {
  const who = plan.principal?.name ?? plan.resourceId;
  return {
    id: stepId.verify,
    title: `Verify ${who}'s credentials are revoked`,
    critical: true,
    dependsOn,
    run: async (context) => {
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const { problems, after } = plan.user
          ? await checkUser(plan.user, clients, call, context.results)
          : await checkRole(plan.role!, clients, call, context.results);
        if (problems.length > 0) {
          return {
            status: 'failed',
            after,
            error: { code: 'REVOKE_INCOMPLETE', message: `Not revoked: ${problems.join('; ')}.` },
          };
        }
        return { status: 'done', after };
      });
    },
  };
}

type Results = Parameters<StepDefinition['run']>[0]['results'];
type Call = Parameters<Parameters<typeof attempt>[0]>[0];

async function checkUser(user: UserRevoke, clients: AwsClients, call: Call, results: Results) {
  const { iam } = clients;
  const problems: string[] = [];
  const keys = await listKeys(iam, call, user.userName);
  for (const id of user.deactivate) {
    const status = keys.find((key) => key.id === id)?.status;
    if (status === 'Active') problems.push(`access key ${id} is still Active`);
  }
  const fresh = keys.filter(
    (key) => key.status === 'Active' && !user.keys.some((known) => known.id === key.id),
  );
  const denyOutcome = results.get(stepId.userDeny);
  const mode = afterField(denyOutcome, 'mode', isString) ?? user.deny.mode;
  let deny: Record<string, unknown>;
  if (mode === 'managed') {
    const arn = afterField(denyOutcome, 'policyArn', isString) ?? user.deny.managedArn;
    const attached = (await attachedUserPolicies(iam, call, user.userName)).some((p) => p.arn === arn);
    if (!attached) problems.push(`the managed deny ${arn} is not attached`);
    deny = { mode, policyArn: arn, attached };
  } else {
    const document = await userInlineSlot(iam, user.userName, user.deny.inlineName).read(call);
    const inPlace = sameDocument(document, user.deny.document);
    if (!inPlace)
      problems.push(`the inline deny ${user.deny.inlineName} is ${document ? 'not ours' : 'missing'}`);
    deny = { mode, policyName: user.deny.inlineName, inPlace };
  }
  return {
    problems,
    after: {
      keys: keys.map(({ id, status }) => ({ id, status })),
      // A key made since planning is blocked by the deny, but the responder should know it exists.
      ...(fresh.length > 0 && { newKeys: fresh.map((key) => key.id) }),
      deny,
    },
  };
}

async function checkRole(role: RoleRevoke, clients: AwsClients, call: Call, results: Results) {
  const expected = afterField(results.get(stepId.roleSessions), 'issuedBefore', isString);
  const cut = sessionsCutOff(await roleInlineSlot(clients.iam, role.roleName, role.policyName).read(call));
  const problems =
    cut !== undefined && (expected === undefined || cut === expected)
      ? []
      : [
          `the sessions deny ${role.policyName} is ${cut === undefined ? 'missing' : `cut at ${cut}, not ${expected}`}`,
        ];
  return { problems, after: { policyName: role.policyName, issuedBefore: cut ?? null } };
}
