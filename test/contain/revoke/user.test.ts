import { afterEach, describe, expect, it } from 'vitest';
import { userDenyDocument } from '../../../src/contain/revoke/policies.js';
import { runLocal, statusOf } from '../isolate/run-local.js';
import { ACCOUNT, FakeIam, type LoggedCall, OTHER_ACCOUNT } from './fake-iam.js';
import { INCIDENT, prepare, recordOf, restore, revokeAndRecord, revokeKind } from './harness.js';

const ACTIVE = 'AKIAEVEACTIVE0000001';
const INACTIVE = 'AKIAEVEINACTIVE00002';
const DENY = userDenyDocument();
const DENY_NAME = `firebreak-${INCIDENT}`;

let fake: FakeIam;
afterEach(() => fake?.restore());

const byCommand = (calls: LoggedCall[]) =>
  [...calls].sort(
    (a, b) =>
      a.command.localeCompare(b.command) || JSON.stringify(a.input).localeCompare(JSON.stringify(b.input)),
  );

/** eve: one active key (used yesterday), one inactive key, a console password without MFA, admin rights. */
function eve(): FakeIam {
  fake = new FakeIam();
  fake.addUser('eve', {
    login: { createDate: '2024-01-02T03:05:00.000Z' },
    passwordLastUsed: '2025-03-03T22:10:00.000Z',
    attached: ['arn:aws:iam::aws:policy/AdministratorAccess'],
  });
  fake.keys.set(ACTIVE, {
    user: 'eve',
    status: 'Active',
    createDate: '2024-02-01T00:00:00.000Z',
    lastUsed: { date: '2025-03-04T04:50:00.000Z', region: 'us-east-1', service: 'iam' },
  });
  fake.keys.set(INACTIVE, { user: 'eve', status: 'Inactive', createDate: '2023-01-01T00:00:00.000Z' });
  return fake;
}

describe('revoking a user with two keys, one already inactive', () => {
  it('reads the user, previews exactly what it will do, and offers console removal', async () => {
    const clients = eve().clients();
    const prepared = await prepare(clients, 'eve');
    expect(prepared.refusal).toBeUndefined();
    expect(fake.commands().sort()).toEqual(
      [
        'GetCallerIdentity',
        // A bare name may be a user or a role: IAM is asked about both.
        'GetUser',
        'GetRole',
        'ListAccessKeys',
        'GetAccessKeyLastUsed',
        'GetAccessKeyLastUsed',
        'GetLoginProfile',
        'ListMFADevices',
        'ListUserPolicies',
        'ListAttachedUserPolicies',
      ].sort(),
    );
    expect(fake.commands()[0]).toBe('GetCallerIdentity');
    expect(prepared.preview.lines).toEqual([
      `User eve (arn:aws:iam::${ACCOUNT}:user/eve) in account ${ACCOUNT}`,
      `Access key ${ACTIVE}: Active, created 2024-02-01, last used 2025-03-04 04:50 UTC in us-east-1 (iam)`,
      `Access key ${INACTIVE}: Inactive, created 2023-01-01, never used`,
      'Console: password set, last sign-in 2025-03-03 22:10 UTC; MFA: none',
      'Policies: inline none; attached AdministratorAccess',
      `→ Deactivate access key ${ACTIVE} (set Inactive, never deleted; Restore reactivates it)`,
      `→ Put the inline policy ${DENY_NAME} on eve: Deny * on *, no condition (blocks its keys, console sign-in, new keys and new sessions)`,
      "→ Verify: read back the keys' status and the deny policy",
      `→ Only with "Revoke + remove console access": delete eve's console password (DeleteLoginProfile)`,
    ]);
    expect(prepared.preview.extras).toEqual([
      { id: 'remove-console', label: 'Revoke + remove console access' },
    ]);
    expect(prepared.preview.warnings.join('\n')).toMatch(/cannot be undone/);
    expect(prepared.plan.user?.deactivate).toEqual([ACTIVE]);
    expect(prepared.planHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('deactivates only the active key, denies everything, verifies, and restore leaves the inactive key inactive', async () => {
    const clients = eve().clients();
    const original = fake.snapshot();
    const prepared = await prepare(clients, 'eve');
    fake.clearLog();

    const { run, record } = await revokeAndRecord(clients, prepared, 'eve');
    expect([...run.results.keys()].sort()).toEqual(
      [`key:${ACTIVE}:deactivate`, 'policy:deny', 'verify:credentials'].sort(),
    );
    for (const [id, outcome] of run.results)
      expect([id, outcome.status, outcome.error]).toEqual([id, 'done', undefined]);
    expect(byCommand(fake.mutations())).toEqual([
      { command: 'PutUserPolicy', input: { UserName: 'eve', PolicyName: DENY_NAME, PolicyDocument: DENY } },
      { command: 'UpdateAccessKey', input: { UserName: 'eve', AccessKeyId: ACTIVE, Status: 'Inactive' } },
    ]);
    expect(JSON.parse(DENY)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'FirebreakRevoke', Effect: 'Deny', Action: '*', Resource: '*' }],
    });
    expect(run.results.get('verify:credentials')?.after).toEqual({
      keys: [
        { id: ACTIVE, status: 'Inactive' },
        { id: INACTIVE, status: 'Inactive' },
      ],
      deny: { mode: 'inline', policyName: DENY_NAME, inPlace: true },
    });
    expect(run.results.get(`key:${ACTIVE}:deactivate`)?.requestIds.length).toBeGreaterThan(0);

    fake.clearLog();
    const undo = await restore(clients, record);
    expect(undo.steps.map((step) => step.id).sort()).toEqual(
      [`restore:key:${ACTIVE}`, 'restore:deny:inline'].sort(),
    );
    for (const [id, outcome] of undo.run.results) expect([id, outcome.status]).toEqual([id, 'done']);
    expect(byCommand(fake.mutations())).toEqual([
      { command: 'DeleteUserPolicy', input: { UserName: 'eve', PolicyName: DENY_NAME } },
      { command: 'UpdateAccessKey', input: { UserName: 'eve', AccessKeyId: ACTIVE, Status: 'Active' } },
    ]);
    expect(fake.keys.get(INACTIVE)?.status).toBe('Inactive');
    expect(fake.snapshot()).toEqual(original);
  });

  it('resumes without acting twice, and a dry run calls nothing', async () => {
    const clients = eve().clients();
    const prepared = await prepare(clients, 'eve');
    const record = recordOf(prepared, 'eve');
    fake.clearLog();
    const dry = await runLocal(await revokeKind().steps(clients, record), { dryRun: true });
    for (const [, outcome] of dry.results)
      expect(outcome).toMatchObject({ status: 'skipped', note: 'planned (no dry run for this API)' });
    expect(fake.log).toEqual([]);

    await runLocal(await revokeKind().steps(clients, record));
    fake.clearLog();
    const again = await runLocal(await revokeKind().steps(clients, record));
    expect(fake.mutations()).toEqual([]);
    expect(again.results.get(`key:${ACTIVE}:deactivate`)).toMatchObject({
      status: 'done',
      before: { status: 'Active' },
      note: 'already inactive',
    });
    expect(again.results.get('policy:deny')).toMatchObject({ status: 'done', note: 'already in place' });
  });

  it('removes console access only when chosen, and restore says the password cannot come back', async () => {
    const clients = eve().clients();
    const prepared = await prepare(clients, 'eve');
    fake.clearLog();
    const { run, record } = await revokeAndRecord(clients, prepared, 'eve', ['remove-console']);
    expect(statusOf(run, 'console:remove')).toBe('done');
    expect(fake.mutations().filter((call) => call.command === 'DeleteLoginProfile')).toEqual([
      { command: 'DeleteLoginProfile', input: { UserName: 'eve' } },
    ]);
    expect(fake.users.get('eve')?.login).toBeUndefined();

    const undo = await restore(clients, record);
    expect(undo.run.results.get('restore:console')).toMatchObject({ status: 'skipped' });
    expect(undo.run.results.get('restore:console')?.note).toMatch(/cannot be restored/);
    expect(fake.users.get('eve')?.login).toBeUndefined();
  });

  it('keeps the plan hash when only the clock or last-use dates moved, and changes it when a key did', async () => {
    const clients = eve().clients();
    const first = await prepare(clients, 'eve');
    fake.keys.get(ACTIVE)!.lastUsed!.date = '2025-03-04T05:00:00.000Z';
    const later = await prepare(clients, 'eve', { now: () => new Date('2025-03-04T06:00:00.000Z') });
    expect(later.planHash).toBe(first.planHash);
    fake.keys.get(INACTIVE)!.status = 'Active';
    expect((await prepare(clients, 'eve')).planHash).not.toBe(first.planHash);
  });

  it('escapes what AWS says in the preview', async () => {
    const clients = eve().clients();
    fake.keys.get(ACTIVE)!.lastUsed!.service = '<!channel>';
    const prepared = await prepare(clients, 'eve');
    expect(prepared.preview.lines.join('\n')).toContain('(&lt;!channel&gt;)');
    expect(prepared.preview.lines.join('\n')).not.toContain('<!channel>');
  });
});

describe('revoking a user that already has an inline policy of the same name', () => {
  const OWN = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
  });

  it('records the document before overwriting it, and restore puts it back', async () => {
    fake = new FakeIam();
    fake.addUser('frank', { inline: { [DENY_NAME]: OWN } });
    const clients = fake.clients();
    const original = fake.snapshot();
    const prepared = await prepare(clients, 'frank');
    expect(prepared.plan.user?.deny).toMatchObject({ mode: 'inline', overwrites: OWN });
    expect(prepared.preview.warnings[0]).toContain(`already has an inline policy named ${DENY_NAME}`);
    expect(prepared.preview.lines).toContain('→ No active access key to deactivate');
    fake.clearLog();

    const { run, record } = await revokeAndRecord(clients, prepared, 'frank');
    expect(run.results.get('policy:deny')).toMatchObject({
      status: 'done',
      before: { mode: 'inline', policyName: DENY_NAME, overwritten: OWN },
    });
    expect(fake.mutations()).toEqual([
      { command: 'PutUserPolicy', input: { UserName: 'frank', PolicyName: DENY_NAME, PolicyDocument: DENY } },
    ]);

    fake.clearLog();
    const undo = await restore(clients, record);
    expect(undo.steps.map((step) => step.id)).toEqual(['restore:deny:put-back']);
    expect(fake.mutations()).toEqual([
      { command: 'PutUserPolicy', input: { UserName: 'frank', PolicyName: DENY_NAME, PolicyDocument: OWN } },
    ]);
    expect(fake.snapshot()).toEqual(original);
  });

  it('refuses to put it back over a policy someone changed since', async () => {
    fake = new FakeIam();
    fake.addUser('frank', { inline: { [DENY_NAME]: OWN } });
    const clients = fake.clients();
    const { record } = await revokeAndRecord(clients, await prepare(clients, 'frank'), 'frank');
    const theirs = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }],
    });
    fake.users.get('frank')!.inline[DENY_NAME] = theirs;
    const undo = await restore(clients, record);
    expect(undo.run.results.get('restore:deny:put-back')?.error?.code).toBe('RESTORE_CONFLICT');
    expect(fake.users.get('frank')!.inline[DENY_NAME]).toBe(theirs);
  });
});

describe('revoking a user whose inline policy budget is full', () => {
  // 1,991 characters without whitespace: 57 remain of the 2,048, fewer than the deny's.
  const BIG = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(1991 - 110)}/*` },
    ],
  });
  const MANAGED_ARN = `arn:aws:iam::${ACCOUNT}:policy/firebreak-${INCIDENT}-deny`;

  it('falls back to a managed deny policy, and restore detaches and deletes it', async () => {
    fake = new FakeIam();
    fake.addUser('ci', { inline: { deploy: BIG } });
    expect(BIG.length).toBe(1991);
    const clients = fake.clients();
    const original = fake.snapshot();
    const prepared = await prepare(clients, 'ci');
    expect(prepared.plan.user?.deny).toMatchObject({ mode: 'managed', managedArn: MANAGED_ARN, spare: 57 });
    expect(prepared.preview.lines.join('\n')).toContain(
      `→ Create the managed policy firebreak-${INCIDENT}-deny (Deny * on *, no condition) and attach it to ci: its inline policies leave 57 of 2,048 characters`,
    );
    fake.clearLog();

    const { run, record } = await revokeAndRecord(clients, prepared, 'ci');
    expect(run.results.get('policy:deny')).toMatchObject({
      status: 'done',
      after: { mode: 'managed', policyArn: MANAGED_ARN },
    });
    expect(fake.mutations()).toEqual([
      {
        command: 'CreatePolicy',
        input: {
          PolicyName: `firebreak-${INCIDENT}-deny`,
          PolicyDocument: DENY,
          Description: `Firebreak ${INCIDENT}: denies everything to the revoked principal; removed on Restore`,
        },
      },
      { command: 'AttachUserPolicy', input: { UserName: 'ci', PolicyArn: MANAGED_ARN } },
    ]);
    expect(statusOf(run, 'verify:credentials')).toBe('done');

    fake.clearLog();
    const undo = await restore(clients, record);
    expect(undo.steps.map((step) => step.id)).toEqual(['restore:deny:managed']);
    expect(fake.mutations()).toEqual([
      { command: 'DetachUserPolicy', input: { UserName: 'ci', PolicyArn: MANAGED_ARN } },
      { command: 'DeletePolicy', input: { PolicyArn: MANAGED_ARN } },
    ]);
    expect(fake.snapshot()).toEqual(original);
  });

  it('falls back at run time when the budget filled up after planning', async () => {
    fake = new FakeIam();
    fake.addUser('ci');
    const clients = fake.clients();
    const prepared = await prepare(clients, 'ci');
    expect(prepared.plan.user?.deny.mode).toBe('inline');
    fake.users.get('ci')!.inline.deploy = BIG;
    fake.clearLog();
    const { run, record } = await revokeAndRecord(clients, prepared, 'ci');
    expect(run.results.get('policy:deny')).toMatchObject({ status: 'done', after: { mode: 'managed' } });
    expect(fake.mutations().map((call) => call.command)).toEqual([
      'PutUserPolicy',
      'CreatePolicy',
      'AttachUserPolicy',
    ]);
    expect(statusOf(run, 'verify:credentials')).toBe('done');
    const undo = await restore(clients, record);
    expect(undo.steps.map((step) => step.id)).toEqual(['restore:deny:managed']);
    expect(fake.policies.size).toBe(0);
  });
});

describe('revoking by access key id', () => {
  it('finds the user of an AKIA key of this account and deactivates that key only', async () => {
    const clients = eve().clients();
    fake.keys.get(INACTIVE)!.status = 'Active';
    const prepared = await prepare(clients, ACTIVE);
    expect(fake.log.slice(0, 4).map((call) => [call.command, call.input])).toEqual([
      ['GetCallerIdentity', {}],
      ['GetAccessKeyInfo', { AccessKeyId: ACTIVE }],
      ['GetAccessKeyLastUsed', { AccessKeyId: ACTIVE }],
      ['GetUser', { UserName: 'eve' }],
    ]);
    expect(prepared.plan.user?.deactivate).toEqual([ACTIVE]);
    expect(prepared.preview.warnings.join('\n')).toContain(`other active key(s) ${INACTIVE} stay active`);
  });

  it('refuses an AKIA key of another account, naming that account for re-targeting', async () => {
    fake = new FakeIam();
    const key = 'AKIAOTHERACCOUNT0003';
    fake.foreignKeys.set(key, OTHER_ACCOUNT);
    const clients = fake.clients();
    const prepared = await prepare(clients, key);
    expect(fake.log).toEqual([
      { command: 'GetCallerIdentity', input: {} },
      { command: 'GetAccessKeyInfo', input: { AccessKeyId: key } },
    ]);
    expect(prepared.refusal?.code).toBe('KEY_IN_OTHER_ACCOUNT');
    expect(prepared.refusal?.message).toContain(OTHER_ACCOUNT);
    expect(prepared.plan).toMatchObject({ account: OTHER_ACCOUNT, clientAccount: ACCOUNT });
    expect(() => revokeKind().steps(clients, recordOf(prepared, key))).toThrow(
      /another account|belongs to account/,
    );
  });

  it('explains that an ASIA key needs CloudTrail to find its role or user', async () => {
    fake = new FakeIam();
    const key = 'ASIATEMPORARYKEY0004';
    const clients = fake.clients();
    const prepared = await prepare(clients, key);
    expect(fake.log).toEqual([
      { command: 'GetCallerIdentity', input: {} },
      { command: 'GetAccessKeyInfo', input: { AccessKeyId: key } },
      ...['eu-west-1', 'us-east-1'].map(() => ({
        command: 'LookupEvents',
        input: { LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: key }], MaxResults: 50 },
      })),
    ]);
    expect(prepared.refusal?.code).toBe('TEMPORARY_KEY');
    expect(prepared.refusal?.message).toMatch(/temporary \(session\) key of account 111122223333/);
    expect(prepared.refusal?.message).toMatch(/CloudTrail/);
    expect(prepared.refusal?.message).toMatch(/revoke that role/);
    expect(prepared.preview.lines[1]).toContain('Not revoked (TEMPORARY_KEY)');
  });

  it('treats a key of no IAM user as the root user', async () => {
    fake = new FakeIam();
    const key = 'AKIAROOTKEY000000005';
    fake.keys.set(key, { user: '', status: 'Active', createDate: '2020-01-01T00:00:00.000Z' });
    const prepared = await prepare(fake.clients(), key);
    expect(prepared.refusal?.code).toBe('ROOT_SESSIONS');
  });
});
