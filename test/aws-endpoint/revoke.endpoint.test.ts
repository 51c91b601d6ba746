/**
 * Revoke → verify → restore of an IAM user against any AWS-compatible endpoint (LocalStack, moto), opt-in with
 * AWS_ENDPOINT_URL, like the isolation suite beside it. The clients come from the production factory with no
 * endpoint set in code (the SDK reads AWS_ENDPOINT_URL itself), and the revocation goes through the revoke kind
 * the action framework uses: prepare, steps, restore steps, each run by runSteps. The suite makes its own user
 * with two access keys (one already inactive) and removes it afterwards.
 *
 *   AWS_ENDPOINT_URL=http://127.0.0.1:5000 npx vitest run test/aws-endpoint
 *
 * AWS_REGION (default us-east-1), AWS_ENDPOINT_TEST_ALLOW_REMOTE=true to allow a non-loopback endpoint (it then
 * uses the default credentials).
 */
import { randomUUID } from 'node:crypto';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeletePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsClientFactory, type AwsClients, createAwsClientFactory } from '../../src/aws/clients.js';
import type { ActionRecord } from '../../src/contain/action.js';
import { createRevokeKind } from '../../src/contain/revoke/kind.js';
import type { RevokePlan } from '../../src/contain/revoke/plan.js';
import { policyName, policySize, USER_INLINE_BUDGET } from '../../src/contain/revoke/policies.js';
import { stepId } from '../../src/contain/revoke/step-ids.js';
import { runSteps } from '../../src/contain/runner.js';
import type { StepDefinition, StepRecord } from '../../src/contain/step.js';
import { endpointRefusal, loopbackOnly, remoteAllowed, SKIP_LINE } from './endpoint-guard.js';

const ENDPOINT = process.env.AWS_ENDPOINT_URL;
const REGION = process.env.AWS_REGION || 'us-east-1';
// IAM on real AWS is eventually consistent and throttles; emulators answer at once.
const SLOW = 2 * 60_000;
/** Firebreak names every policy it writes firebreak-<incident>…; nothing of that name may outlive a restore. */
const OURS = /^firebreak-/;

// A file whose every test is skipped runs no hooks, so the line is printed as the file is collected.
if (!ENDPOINT) console.log(`${SKIP_LINE} (revocation)`);

interface Built {
  userName: string;
  /** The user's keys as created: the first Active, the second Inactive. */
  keys: { id: string; status: 'Active' | 'Inactive' }[];
  /** Customer managed policies Firebreak may have created, deleted in clean-up if a restore left them. */
  managedArns: Set<string>;
}

const cases = [
  { deny: 'inline' as const, fill: false },
  // The user's inline budget is full, so the plan falls back to a customer managed policy.
  { deny: 'managed' as const, fill: true },
];

describe.skipIf(!ENDPOINT)(`revocation against ${ENDPOINT ?? 'an AWS-compatible endpoint'}`, () => {
  let factory: AwsClientFactory;
  let clients: AwsClients;
  const built: Built[] = [];

  beforeAll(() => {
    const refusal = endpointRefusal(process.env);
    if (refusal) throw new Error(`AWS endpoint suite refused to run: ${refusal}`);
    const remote = remoteAllowed(process.env);
    factory = createAwsClientFactory({
      maxAttempts: 2,
      // Locally, never the default chain: a developer's real profile has no business signing emulator calls.
      ...(!remote && {
        credentials: {
          accessKeyId: process.env.AWS_ACCESS_KEY_ID || 'test',
          secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || 'test',
          ...(process.env.AWS_SESSION_TOKEN && { sessionToken: process.env.AWS_SESSION_TOKEN }),
        },
      }),
      ...(!remote && { decorate: (client) => loopbackOnly(client) }),
    });
    clients = factory.forTarget({ region: REGION });
  });

  afterAll(async () => {
    if (clients) for (const user of built) await cleanUp(clients.iam, user);
    factory?.destroy();
  }, SLOW);

  it.each(cases)(
    'deactivates the active key and adds a $deny deny, then puts back exactly what was there',
    async ({ deny, fill }) => {
      const user = await build(clients.iam, fill);
      built.push(user);
      const [active, inactive] = user.keys as [Built['keys'][0], Built['keys'][0]];
      const before = await stateOf(clients.iam, user.userName);
      expect(before.keys).toEqual(sortKeys(user.keys));
      expect(before.inline.filter((name) => OURS.test(name))).toEqual([]);
      expect(before.attached.filter((name) => OURS.test(name))).toEqual([]);

      const incidentId = `INC-EP${randomUUID().slice(0, 8).toUpperCase()}`;
      const kind = createRevokeKind({
        ownRoleArns: ['arn:aws:iam::{account}:role/firebreak-responder'],
        protectedPrincipals: [],
        now: () => new Date(),
      });
      const target = { region: REGION, resourceId: user.userName };
      const prepared = await kind.prepare(clients, target, { incidentId });
      expect(prepared.refusal).toBeUndefined();
      expect(prepared.retarget).toBeUndefined();
      const plan = prepared.plan as RevokePlan;
      expect(plan.user?.userName).toBe(user.userName);
      // Only the key active at planning is cut; the inactive one is left out, so restore cannot wake it.
      expect(plan.user?.deactivate).toEqual([active.id]);
      expect(plan.user?.deny.mode).toBe(deny);
      if (plan.user?.deny.mode === 'managed') user.managedArns.add(plan.user.deny.managedArn);

      const record: ActionRecord = {
        id: `act-${randomUUID()}`,
        kind: 'revoke',
        incidentId,
        target,
        plan: prepared.plan,
        planHash: prepared.planHash,
        preview: prepared.preview,
        requestedBy: 'UENDPOINT',
        requestedAt: new Date().toISOString(),
        extras: [],
        phase: 'executing',
        steps: [],
        restoreSteps: [],
      };
      const revoked = await run(await kind.steps(clients, record), record);
      report('revoke', revoked);
      for (const step of revoked.filter((r) => r.critical))
        expect([step.id, step.status, step.error]).toEqual([step.id, 'done', undefined]);
      expect(revoked.find((r) => r.id === stepId.verify)?.status).toBe('done');
      const managedArn = (revoked.find((r) => r.id === stepId.userDeny)?.after as { policyArn?: string })
        ?.policyArn;
      if (managedArn) user.managedArns.add(managedArn);

      // Read back independently of the code under test.
      const during = await stateOf(clients.iam, user.userName);
      expect(during.keys).toEqual(sortKeys([{ ...active, status: 'Inactive' }, inactive]));
      if (deny === 'inline') {
        expect(during.inline).toContain(policyName.userDeny(incidentId));
        expect(during.attached.filter((name) => OURS.test(name))).toEqual([]);
      } else {
        expect(during.attached).toContain(policyName.managedDeny(incidentId));
        expect(during.inline.filter((name) => OURS.test(name))).toEqual([]);
      }

      const done: ActionRecord = { ...record, steps: revoked, phase: 'restoring' };
      const restored = await run(await kind.restoreSteps(clients, done), done);
      report('restore', restored);
      expect(restored.length).toBeGreaterThan(0);
      for (const step of restored.filter((r) => r.critical))
        expect([step.id, step.status, step.error]).toEqual([step.id, 'done', undefined]);

      const after = await stateOf(clients.iam, user.userName);
      expect(after).toEqual(before);
      expect(after.keys).toEqual(sortKeys([active, inactive]));
      // The managed deny is deleted, not just detached: nothing else uses it.
      if (managedArn) expect(await policyExists(clients.iam, managedArn)).toBe(false);
    },
    SLOW,
  );
});

/** Runs steps as the action framework does, persisting into memory; the persisted records must match. */
async function run(steps: StepDefinition[], record: ActionRecord): Promise<StepRecord[]> {
  const now = () => new Date();
  const persisted = new Map<string, StepRecord>();
  const records = await runSteps(
    steps,
    [],
    { dryRun: false, incidentId: record.incidentId, actionId: record.id, actor: 'UENDPOINT', now },
    {
      persist: async (step) => {
        persisted.set(step.id, step);
      },
      now,
    },
  );
  expect(records.map((step) => persisted.get(step.id))).toEqual(records);
  return records;
}

/** Emulators cover IAM unevenly; steps that did not finish are shown, whatever the assertions say of them. */
function report(phase: string, records: readonly StepRecord[]): void {
  for (const record of records.filter((r) => r.status !== 'done')) {
    console.log(
      `${phase}: ${record.id} ${record.status}${record.error ? ` (${record.error.code}: ${record.error.message})` : ''}${record.note ? ` — ${record.note}` : ''}`,
    );
  }
}

function sortKeys<T extends { id: string }>(keys: readonly T[]): T[] {
  return [...keys].sort((a, b) => a.id.localeCompare(b.id));
}

/** The user's keys, inline policy names and attached policy names, as IAM lists them now. */
async function stateOf(iam: IAMClient, userName: string) {
  const [keys, inline, attached] = await Promise.all([
    iam.send(new ListAccessKeysCommand({ UserName: userName })),
    iam.send(new ListUserPoliciesCommand({ UserName: userName })),
    iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName })),
  ]);
  return {
    keys: sortKeys(
      (keys.AccessKeyMetadata ?? []).map((key) => ({ id: key.AccessKeyId!, status: key.Status! })),
    ),
    inline: [...(inline.PolicyNames ?? [])].sort(),
    attached: (attached.AttachedPolicies ?? []).map((policy) => policy.PolicyName!).sort(),
  };
}

async function policyExists(iam: IAMClient, arn: string): Promise<boolean> {
  try {
    await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchEntityException') return false;
    throw error;
  }
}

/**
 * A harmless policy of the user's own (it denies reads of a bucket that does not exist) big enough that the
 * deny no longer fits beside it in the user's inline budget.
 */
function fillerDocument(name: string): string {
  const resources: string[] = [];
  const document = () =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'EndpointSuiteFiller', Effect: 'Deny', Action: 's3:GetObject', Resource: resources },
      ],
    });
  while (policySize(document()) < USER_INLINE_BUDGET - 60)
    resources.push(`arn:aws:s3:::${name}/${resources.length}/*`);
  while (policySize(document()) > USER_INLINE_BUDGET) resources.pop();
  return document();
}

async function build(iam: IAMClient, fill: boolean): Promise<Built> {
  const userName = `firebreak-endpoint-test-${randomUUID().slice(0, 8)}`;
  const user: Built = { userName, keys: [], managedArns: new Set() };
  await iam.send(
    new CreateUserCommand({
      UserName: userName,
      Tags: [{ Key: 'Purpose', Value: 'Firebreak endpoint suite' }],
    }),
  );
  for (const status of ['Active', 'Inactive'] as const) {
    const made = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    const id = made.AccessKey!.AccessKeyId!;
    user.keys.push({ id, status });
    if (status === 'Inactive')
      await iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: id, Status: 'Inactive' }));
  }
  if (fill) {
    // The user's own inline policy, filling its budget so the deny has to go managed.
    await iam.send(
      new PutUserPolicyCommand({
        UserName: userName,
        PolicyName: 'endpoint-suite-filler',
        PolicyDocument: fillerDocument(userName),
      }),
    );
  }
  return user;
}

/** Best effort; whatever is left behind is named, so it can be removed by hand. */
async function cleanUp(iam: IAMClient, user: Built): Promise<void> {
  const leftovers: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      leftovers.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const { userName } = user;
  await attempt(`keys of ${userName}`, async () => {
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
    for (const key of keys.AccessKeyMetadata ?? [])
      await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.AccessKeyId! }));
  });
  await attempt(`inline policies of ${userName}`, async () => {
    const names = await iam.send(new ListUserPoliciesCommand({ UserName: userName }));
    for (const name of names.PolicyNames ?? [])
      await iam.send(new DeleteUserPolicyCommand({ UserName: userName, PolicyName: name }));
  });
  await attempt(`attached policies of ${userName}`, async () => {
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName }));
    for (const policy of attached.AttachedPolicies ?? []) {
      await iam.send(new DetachUserPolicyCommand({ UserName: userName, PolicyArn: policy.PolicyArn! }));
      if (OURS.test(policy.PolicyName ?? '')) user.managedArns.add(policy.PolicyArn!);
    }
  });
  for (const arn of user.managedArns) {
    await attempt(`delete ${arn}`, async () => {
      if (await policyExists(iam, arn)) await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    });
  }
  await attempt(`delete user ${userName}`, () => iam.send(new DeleteUserCommand({ UserName: userName })));
  if (leftovers.length > 0) console.log(`AWS endpoint suite left behind:\n  ${leftovers.join('\n  ')}`);
}
