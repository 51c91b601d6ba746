import { afterEach, describe, expect, it } from 'vitest';
import { roleSessionsDocument } from '../../../src/contain/revoke/policies.js';
import { statusOf } from '../isolate/run-local.js';
import { ACCOUNT, FakeIam, OTHER_ACCOUNT } from './fake-iam.js';
import { INCIDENT, NOW, PLANNED, prepare, restore, revokeAndRecord } from './harness.js';

const POLICY = `firebreak-${INCIDENT}-revoke-sessions`;
const PROFILE = `arn:aws:iam::${ACCOUNT}:instance-profile/web-app-profile`;

let fake: FakeIam;
afterEach(() => fake?.restore());

function webApp(): FakeIam {
  fake = new FakeIam();
  fake.addRole('web-app', {
    trust: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        {
          Effect: 'Allow',
          Principal: { AWS: [`arn:aws:iam::${OTHER_ACCOUNT}:root`] },
          Action: 'sts:AssumeRole',
        },
      ],
    },
    inline: {
      data: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
      }),
    },
    attached: ['arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore'],
    profiles: [PROFILE],
  });
  fake.instances.push(
    { id: 'i-0web1', profileArn: PROFILE, state: 'running' },
    { id: 'i-0web2', profileArn: PROFILE, state: 'running' },
    { id: 'i-0other', profileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/other`, state: 'running' },
  );
  return fake;
}

describe('revoking a role', () => {
  it('previews its trust, profiles and instances, and warns that new sessions keep working', async () => {
    const clients = webApp().clients();
    const prepared = await prepare(clients, `arn:aws:iam::${ACCOUNT}:role/web-app`);
    expect(prepared.refusal).toBeUndefined();
    expect(fake.commands().sort()).toEqual(
      [
        'GetCallerIdentity',
        'GetRole',
        'ListRolePolicies',
        'ListAttachedRolePolicies',
        'ListInstanceProfilesForRole',
        'DescribeInstances',
      ].sort(),
    );
    expect(fake.log.find((call) => call.command === 'DescribeInstances')?.input).toEqual({
      Filters: [
        { Name: 'iam-instance-profile.arn', Values: [PROFILE] },
        { Name: 'instance-state-name', Values: ['running'] },
      ],
    });
    expect(prepared.preview.lines).toEqual([
      `Role web-app (arn:aws:iam::${ACCOUNT}:role/web-app) in account ${ACCOUNT}`,
      `Trusted by (may assume it): Service ec2.amazonaws.com, AWS arn:aws:iam::${OTHER_ACCOUNT}:root`,
      `Instance profiles: ${PROFILE}; running instances using it: i-0web1, i-0web2`,
      'Policies: inline data; attached AmazonSSMManagedInstanceCore',
      `→ Put the inline policy ${POLICY} on web-app: Deny * on * for sessions whose aws:TokenIssueTime is before ${PLANNED.toISOString()} (or the moment it is applied, if later), as AWS's "revoke active sessions" does`,
      '→ Verify: read the policy back',
    ]);
    expect(prepared.preview.warnings[0]).toContain(
      'every current session of web-app: on every instance that uses it (i-0web1, i-0web2)',
    );
    expect(prepared.preview.warnings[0]).toContain('New sessions keep working');
    expect(prepared.preview.extras).toBeUndefined();
  });

  it('denies sessions issued before the revocation, verifies it, and restore removes the policy', async () => {
    const clients = webApp().clients();
    const original = fake.snapshot();
    const prepared = await prepare(clients, 'role/web-app');
    fake.clearLog();

    const { run, record } = await revokeAndRecord(clients, prepared, 'role/web-app');
    expect([...run.results.keys()]).toEqual(['policy:revoke-sessions', 'verify:credentials']);
    expect(statusOf(run, 'verify:credentials')).toBe('done');
    // Confirmed a minute after the preview: sessions started in that minute are cut too.
    const document = roleSessionsDocument(NOW.toISOString());
    expect(fake.mutations()).toEqual([
      {
        command: 'PutRolePolicy',
        input: { RoleName: 'web-app', PolicyName: POLICY, PolicyDocument: document },
      },
    ]);
    expect(JSON.parse(document).Statement[0]).toEqual({
      Sid: 'FirebreakRevokeOlderSessions',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { DateLessThan: { 'aws:TokenIssueTime': NOW.toISOString() } },
    });
    expect(run.results.get('verify:credentials')?.after).toEqual({
      policyName: POLICY,
      issuedBefore: NOW.toISOString(),
    });

    fake.clearLog();
    const undo = await restore(clients, record);
    expect(undo.steps.map((step) => step.id)).toEqual(['restore:deny:inline']);
    expect(fake.mutations()).toEqual([
      { command: 'DeleteRolePolicy', input: { RoleName: 'web-app', PolicyName: POLICY } },
    ]);
    expect(fake.snapshot()).toEqual(original);
  });

  it('puts back a same-named policy it overwrote', async () => {
    const clients = webApp().clients();
    const earlier = roleSessionsDocument('2025-01-01T00:00:00.000Z');
    fake.roles.get('web-app')!.inline[POLICY] = earlier;
    const original = fake.snapshot();
    const prepared = await prepare(clients, 'web-app');
    expect(prepared.plan.role?.overwrites).toBe(earlier);
    const { run, record } = await revokeAndRecord(clients, prepared, 'web-app');
    expect(run.results.get('policy:revoke-sessions')?.before).toEqual({
      policyName: POLICY,
      overwritten: earlier,
    });
    fake.clearLog();
    await restore(clients, record);
    expect(fake.mutations()).toEqual([
      {
        command: 'PutRolePolicy',
        input: { RoleName: 'web-app', PolicyName: POLICY, PolicyDocument: earlier },
      },
    ]);
    expect(fake.snapshot()).toEqual(original);
  });
});

describe('principals Firebreak refuses or explains', () => {
  it('refuses a service-linked role after reading only the role', async () => {
    fake = new FakeIam();
    fake.addRole('AWSServiceRoleForAutoScaling', { path: '/aws-service-role/autoscaling.amazonaws.com/' });
    const prepared = await prepare(fake.clients(), 'role/AWSServiceRoleForAutoScaling');
    expect(fake.commands()).toEqual(['GetCallerIdentity', 'GetRole']);
    expect(prepared.refusal?.code).toBe('SERVICE_LINKED_ROLE');
    expect(prepared.preview.lines[0]).toContain('Role AWSServiceRoleForAutoScaling');
    expect(fake.mutations()).toEqual([]);
  });

  it("refuses the bot's own assumed role, by name or by session ARN", async () => {
    fake = new FakeIam();
    fake.callerArn = `arn:aws:sts::${ACCOUNT}:assumed-role/incident-bot/session-1`;
    fake.addRole('incident-bot', { path: '/ops/' });
    const byName = await prepare(fake.clients(), 'role/incident-bot', { ownRoleArns: [] });
    expect(byName.refusal?.code).toBe('OWN_IDENTITY');
    const bySession = await prepare(
      fake.clients(),
      `arn:aws:sts::${ACCOUNT}:assumed-role/incident-bot/other`,
      {
        ownRoleArns: [],
      },
    );
    expect(bySession.refusal?.code).toBe('OWN_IDENTITY');
    expect(fake.mutations()).toEqual([]);
  });

  it('refuses every role matching an own-role template, and protected principals by name or ARN', async () => {
    fake = new FakeIam();
    fake.addRole('firebreak-responder', { path: '/ops/' });
    fake.addRole('break-glass');
    fake.addUser('auditor');
    const clients = fake.clients();
    const own = await prepare(clients, 'role/firebreak-responder', {
      ownRoleArns: ['arn:aws:iam::{account}:role/ops/firebreak-responder'],
    });
    expect(own.refusal?.code).toBe('OWN_IDENTITY');
    const options = { protectedPrincipals: ['Break-Glass', `arn:aws:iam::${ACCOUNT}:user/auditor`] };
    expect((await prepare(clients, 'role/break-glass', options)).refusal?.code).toBe('PROTECTED_PRINCIPAL');
    expect((await prepare(clients, 'user/auditor', options)).refusal?.code).toBe('PROTECTED_PRINCIPAL');
    expect((await prepare(clients, 'user/auditor')).refusal).toBeUndefined();
  });

  it('explains how to revoke an IAM Identity Center role instead of acting', async () => {
    fake = new FakeIam();
    const name = 'AWSReservedSSO_AdministratorAccess_0123456789abcdef';
    fake.addRole(name, { path: '/aws-reserved/sso.amazonaws.com/eu-west-1/' });
    const prepared = await prepare(
      fake.clients(),
      `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/${name}`,
    );
    expect(fake.commands()).toEqual(['GetCallerIdentity', 'GetRole']);
    expect(prepared.refusal?.code).toBe('IDENTITY_CENTER_ROLE');
    expect(prepared.refusal?.message).toContain('the permission set AdministratorAccess');
    expect(prepared.refusal?.message).toMatch(/IAM Identity Center console/);
    expect(prepared.refusal?.message).toMatch(/identitystore:userId/);
    expect(prepared.refusal?.message).toMatch(/remove the user's .*assignment/);
  });

  it('explains that root sessions cannot be restricted', async () => {
    fake = new FakeIam();
    const prepared = await prepare(fake.clients(), `arn:aws:iam::${ACCOUNT}:root`);
    expect(fake.commands()).toEqual(['GetCallerIdentity']);
    expect(prepared.refusal?.code).toBe('ROOT_SESSIONS');
    expect(prepared.refusal?.message).toMatch(/cannot be restricted/);
    expect(prepared.refusal?.message).toMatch(/MFA/);
  });

  it('refuses a principal ARN of another account, and a name both a user and a role have', async () => {
    fake = new FakeIam();
    fake.addUser('deploy');
    fake.addRole('deploy');
    const clients = fake.clients();
    const other = await prepare(clients, `arn:aws:iam::${OTHER_ACCOUNT}:role/web-app`);
    expect(other.refusal?.code).toBe('PRINCIPAL_IN_OTHER_ACCOUNT');
    expect(other.plan.account).toBe(OTHER_ACCOUNT);
    expect((await prepare(clients, 'deploy')).refusal?.code).toBe('AMBIGUOUS_PRINCIPAL');
    expect((await prepare(clients, 'user/deploy')).refusal).toBeUndefined();
  });

  it('fails clearly on an unknown principal or an unusable target', async () => {
    fake = new FakeIam();
    await expect(prepare(fake.clients(), 'nobody')).rejects.toMatchObject({ code: 'PRINCIPAL_NOT_FOUND' });
    await expect(prepare(fake.clients(), 'not a name!')).rejects.toMatchObject({ code: 'INVALID_TARGET' });
  });
});
