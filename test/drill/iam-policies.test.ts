import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  DeleteConflictException,
  DeletePolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  EntityAlreadyExistsException,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  InvalidInputException,
  LimitExceededException,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  PolicyNotAttachableException,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UnmodifiableEntityException,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { drill, IDS, rejection } from './support.js';

const ACCOUNT = '123456789012';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const DENY_ALL = 'arn:aws:iam::aws:policy/AWSDenyAll';
const CI_ARTIFACTS = `arn:aws:iam::${ACCOUNT}:policy/ci-artifacts`;

/** The unconditional deny a containment step puts on a user, pretty-printed as a person would write it. */
const DENY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [{ Sid: 'FirebreakINC42', Effect: 'Deny', Action: '*', Resource: '*' }],
  },
  null,
  2,
);

function sizeOf(document: string): number {
  return document.replace(/\s/g, '').length;
}

describe('user inline policies', () => {
  it('puts, reads back URL-encoded as IAM returns it, lists and deletes an inline policy', async () => {
    const { iam } = drill();
    await iam.send(
      new PutUserPolicyCommand({
        UserName: IDS.users.mallory,
        PolicyName: 'firebreak-INC-42',
        PolicyDocument: DENY,
      }),
    );
    const read = await iam.send(
      new GetUserPolicyCommand({ UserName: IDS.users.mallory, PolicyName: 'firebreak-INC-42' }),
    );
    expect(read).toMatchObject({ UserName: 'mallory', PolicyName: 'firebreak-INC-42' });
    expect(read.PolicyDocument).toBe(encodeURIComponent(DENY));
    expect(decodeURIComponent(read.PolicyDocument ?? '')).toBe(DENY);

    const listed = await iam.send(new ListUserPoliciesCommand({ UserName: IDS.users.mallory }));
    expect(listed).toMatchObject({ PolicyNames: ['firebreak-INC-42'], IsTruncated: false });

    await iam.send(
      new DeleteUserPolicyCommand({ UserName: IDS.users.mallory, PolicyName: 'firebreak-INC-42' }),
    );
    const after = await iam.send(new ListUserPoliciesCommand({ UserName: IDS.users.mallory }));
    expect(after.PolicyNames).toEqual([]);
    const gone = await rejection(
      iam.send(new GetUserPolicyCommand({ UserName: IDS.users.mallory, PolicyName: 'firebreak-INC-42' })),
    );
    expect(gone).toBeInstanceOf(NoSuchEntityException);
    expect(gone.message).toBe('The user policy with name firebreak-INC-42 cannot be found.');
    const deleteAgain = await rejection(
      iam.send(new DeleteUserPolicyCommand({ UserName: IDS.users.mallory, PolicyName: 'firebreak-INC-42' })),
    );
    expect(deleteAgain).toBeInstanceOf(NoSuchEntityException);
  });

  it('seeds ci-deployer close to the 2,048-character budget, so an incident deny does not fit', async () => {
    const { iam, account } = drill();
    const names = await iam.send(new ListUserPoliciesCommand({ UserName: IDS.users.ciDeployer }));
    expect(names.PolicyNames).toEqual([IDS.inlinePolicies.ciDeployer]);
    const seeded = await iam.send(
      new GetUserPolicyCommand({ UserName: IDS.users.ciDeployer, PolicyName: IDS.inlinePolicies.ciDeployer }),
    );
    const used = sizeOf(decodeURIComponent(seeded.PolicyDocument ?? ''));
    expect(used).toBeGreaterThan(2048 - sizeOf(DENY));
    expect(used).toBeLessThanOrEqual(2048);

    const refused = await rejection(
      iam.send(
        new PutUserPolicyCommand({
          UserName: IDS.users.ciDeployer,
          PolicyName: 'firebreak-INC-42',
          PolicyDocument: DENY,
        }),
      ),
    );
    expect(refused).toBeInstanceOf(LimitExceededException);
    expect(refused).toMatchObject({
      Code: 'LimitExceeded',
      message: 'Maximum policy size of 2048 bytes exceeded for user ci-deployer',
      $metadata: { httpStatusCode: 409 },
    });
    const unchanged = await iam.send(new ListUserPoliciesCommand({ UserName: IDS.users.ciDeployer }));
    expect(unchanged.PolicyNames).toEqual([IDS.inlinePolicies.ciDeployer]);
    expect(account.calls.at(-2)).toMatchObject({
      eventName: 'PutUserPolicy',
      outcome: 'error',
      errorCode: 'LimitExceeded',
    });
  });

  it('counts characters without whitespace, and a same-name policy replaces rather than adds', async () => {
    const { iam } = drill();
    const statement = (resource: string) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: resource });
    const compact = (padding: number) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [statement(`arn:aws:s3:::${'b'.repeat(padding)}`)],
      });
    const base = sizeOf(compact(0));
    const exactly2048 = compact(2048 - base);
    expect(sizeOf(exactly2048)).toBe(2048);

    // Exactly the budget fits even with whitespace added; whitespace is not counted.
    const spaced = JSON.stringify(JSON.parse(exactly2048), null, 8);
    expect(spaced.length).toBeGreaterThan(2048);
    await iam.send(
      new PutUserPolicyCommand({ UserName: IDS.users.mallory, PolicyName: 'big', PolicyDocument: spaced }),
    );
    // Replacing it with another of the same size still fits; a second policy does not.
    await iam.send(
      new PutUserPolicyCommand({
        UserName: IDS.users.mallory,
        PolicyName: 'big',
        PolicyDocument: exactly2048,
      }),
    );
    const second = await rejection(
      iam.send(
        new PutUserPolicyCommand({ UserName: IDS.users.mallory, PolicyName: 'small', PolicyDocument: DENY }),
      ),
    );
    expect(second).toBeInstanceOf(LimitExceededException);
    const overByOne = await rejection(
      iam.send(
        new PutUserPolicyCommand({
          UserName: IDS.users.alice,
          PolicyName: 'big',
          PolicyDocument: compact(2049 - base),
        }),
      ),
    );
    expect(overByOne).toBeInstanceOf(LimitExceededException);
  });

  it('refuses malformed documents, bad names and unknown users with IAM’s codes', async () => {
    const { iam } = drill();
    const put = (PolicyDocument: string, PolicyName = 'p', UserName: string = IDS.users.alice) =>
      rejection(iam.send(new PutUserPolicyCommand({ UserName, PolicyName, PolicyDocument })));

    const syntax = await put('{"Version": "2012-10-17", "Statement": [');
    expect(syntax).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(syntax.message).toBe('Syntax errors in policy.');
    const principal = await put(
      JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }] }),
    );
    expect(principal.message).toBe('Policy document should not specify a principal.');
    const noActions = await put(JSON.stringify({ Statement: [{ Effect: 'Deny', Resource: '*' }] }));
    expect(noActions.message).toBe('Policy statement must contain actions.');
    const version = await put(
      JSON.stringify({ Version: '2020-01-01', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }),
    );
    expect(version).toBeInstanceOf(MalformedPolicyDocumentException);

    const badName = await put(DENY, 'firebreak INC 42');
    expect(badName.name).toBe('ValidationError');
    const noUser = await put(DENY, 'p', 'eve');
    expect(noUser).toBeInstanceOf(NoSuchEntityException);
  });
});

describe('managed policies', () => {
  it('lists attached policies, attaches idempotently, detaches, and refuses what IAM refuses', async () => {
    const { iam } = drill();
    const mallory = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: IDS.users.mallory }));
    expect(mallory).toMatchObject({
      AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }],
      IsTruncated: false,
    });
    const ci = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: IDS.users.ciDeployer }));
    expect(ci.AttachedPolicies).toEqual([{ PolicyName: 'ci-artifacts', PolicyArn: CI_ARTIFACTS }]);

    await iam.send(new AttachUserPolicyCommand({ UserName: IDS.users.mallory, PolicyArn: DENY_ALL }));
    await iam.send(new AttachUserPolicyCommand({ UserName: IDS.users.mallory, PolicyArn: DENY_ALL }));
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: IDS.users.mallory }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual([
      'AdministratorAccess',
      'AWSDenyAll',
    ]);

    await iam.send(new DetachUserPolicyCommand({ UserName: IDS.users.mallory, PolicyArn: DENY_ALL }));
    const notAttached = await rejection(
      iam.send(new DetachUserPolicyCommand({ UserName: IDS.users.mallory, PolicyArn: DENY_ALL })),
    );
    expect(notAttached).toBeInstanceOf(NoSuchEntityException);
    expect(notAttached.message).toBe(`Policy ${DENY_ALL} was not found.`);

    const unknown = await rejection(
      iam.send(
        new AttachUserPolicyCommand({
          UserName: IDS.users.mallory,
          PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/nope`,
        }),
      ),
    );
    expect(unknown).toBeInstanceOf(NoSuchEntityException);
    expect(unknown.message).toBe(
      `Policy arn:aws:iam::${ACCOUNT}:policy/nope does not exist or is not attachable.`,
    );
    const malformed = await rejection(
      iam.send(
        new AttachUserPolicyCommand({ UserName: IDS.users.mallory, PolicyArn: 'AdministratorAccess' }),
      ),
    );
    expect(malformed).toBeInstanceOf(InvalidInputException);
    const serviceRole = await rejection(
      iam.send(
        new AttachUserPolicyCommand({
          UserName: IDS.users.mallory,
          PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy',
        }),
      ),
    );
    expect(serviceRole).toBeInstanceOf(PolicyNotAttachableException);
  });

  it('creates, reads (document URL-encoded) and deletes a customer managed policy', async () => {
    const { iam } = drill();
    const created = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'quarantine-INC-42',
        Path: '/firebreak/',
        PolicyDocument: DENY,
        Description: 'Firebreak quarantine',
      }),
    );
    const arn = `arn:aws:iam::${ACCOUNT}:policy/firebreak/quarantine-INC-42`;
    expect(created.Policy).toMatchObject({
      PolicyName: 'quarantine-INC-42',
      Arn: arn,
      Path: '/firebreak/',
      PolicyId: expect.stringMatching(/^ANPA[0-9A-F]{17}$/),
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      IsAttachable: true,
    });
    const duplicate = await rejection(
      iam.send(new CreatePolicyCommand({ PolicyName: 'quarantine-INC-42', PolicyDocument: DENY })),
    );
    expect(duplicate).toBeInstanceOf(EntityAlreadyExistsException);

    await iam.send(new AttachUserPolicyCommand({ UserName: IDS.users.alice, PolicyArn: arn }));
    const got = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    expect(got.Policy).toMatchObject({ AttachmentCount: 1, Description: 'Firebreak quarantine' });
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    expect(version.PolicyVersion).toMatchObject({ VersionId: 'v1', IsDefaultVersion: true });
    expect(version.PolicyVersion?.Document).toBe(encodeURIComponent(DENY));
    const noVersion = await rejection(
      iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })),
    );
    expect(noVersion).toBeInstanceOf(NoSuchEntityException);

    const attached = await rejection(iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
    expect(attached).toBeInstanceOf(DeleteConflictException);
    expect(attached.message).toBe('Cannot delete a policy attached to entities.');
    await iam.send(new DetachUserPolicyCommand({ UserName: IDS.users.alice, PolicyArn: arn }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    const gone = await rejection(iam.send(new GetPolicyCommand({ PolicyArn: arn })));
    expect(gone).toBeInstanceOf(NoSuchEntityException);

    const tooBig = await rejection(
      iam.send(
        new CreatePolicyCommand({
          PolicyName: 'huge',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'x'.repeat(6200)}` },
            ],
          }),
        }),
      ),
    );
    expect(tooBig).toBeInstanceOf(LimitExceededException);
  });

  it('knows the AWS managed policies, with their documents and attachment counts in this account', async () => {
    const { iam, account } = drill();
    const admin = await iam.send(new GetPolicyCommand({ PolicyArn: ADMIN }));
    // mallory and the Identity Center role.
    expect(admin.Policy).toMatchObject({ PolicyName: 'AdministratorAccess', Path: '/', AttachmentCount: 2 });
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' }));
    expect(JSON.parse(decodeURIComponent(version.PolicyVersion?.Document ?? ''))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    const seededArns = account.inspect((state) => [
      ...Object.values(state.iam.users).flatMap((user) => user.attachedPolicyArns),
      ...Object.values(state.iam.roles).flatMap((role) => role.attachedPolicyArns ?? []),
    ]);
    for (const PolicyArn of new Set(seededArns)) {
      const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }));
      expect(Policy?.Arn).toBe(PolicyArn);
    }
    for (const name of ['ReadOnlyAccess', 'AWSDenyAll', 'AWSCompromisedKeyQuarantineV2']) {
      const { Policy } = await iam.send(
        new GetPolicyCommand({ PolicyArn: `arn:aws:iam::aws:policy/${name}` }),
      );
      expect(Policy?.PolicyName).toBe(name);
    }
  });
});

describe('roles', () => {
  it('lists roles with paths, including the service-linked, Identity Center and bot roles', async () => {
    const { iam } = drill();
    const { Roles } = await iam.send(new ListRolesCommand({}));
    expect(Roles?.map((r) => [r.RoleName, r.Path])).toEqual([
      ['asg-worker-role', '/'],
      ['AWSReservedSSO_AdministratorAccess_abc123', '/aws-reserved/sso.amazonaws.com/'],
      ['AWSServiceRoleForAutoScaling', '/aws-service-role/autoscaling.amazonaws.com/'],
      ['firebreak-bot', '/'],
      ['web-app-role', '/'],
    ]);
    const slr = await iam.send(new GetRoleCommand({ RoleName: IDS.roles.autoScalingServiceLinked }));
    expect(slr.Role).toMatchObject({
      Arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
      RoleId: expect.stringMatching(/^AROA[0-9A-F]{17}$/),
    });
    expect(
      JSON.parse(decodeURIComponent(slr.Role?.AssumeRolePolicyDocument ?? '')).Statement[0].Principal,
    ).toEqual({
      Service: 'autoscaling.amazonaws.com',
    });
    const sso = await iam.send(new GetRoleCommand({ RoleName: IDS.roles.ssoAdmin }));
    expect(sso.Role?.Arn).toBe(
      `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_abc123`,
    );
    const reserved = await iam.send(new ListRolesCommand({ PathPrefix: '/aws-service-role/' }));
    expect(reserved.Roles?.map((r) => r.RoleName)).toEqual(['AWSServiceRoleForAutoScaling']);
  });

  it('web-app-role has an inline policy and an attached one; role policies put, read and delete', async () => {
    const { iam } = drill();
    const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: IDS.roles.webApp }));
    expect(inline).toMatchObject({ PolicyNames: [IDS.inlinePolicies.webApp], IsTruncated: false });
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: IDS.roles.webApp }));
    expect(attached.AttachedPolicies).toEqual([
      {
        PolicyName: 'AmazonSSMManagedInstanceCore',
        PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
      },
    ]);

    const revoke = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-03-10T12:00:00Z' } },
        },
      ],
    });
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: IDS.roles.webApp,
        PolicyName: 'AWSRevokeOlderSessions',
        PolicyDocument: revoke,
      }),
    );
    const read = await iam.send(
      new GetRolePolicyCommand({ RoleName: IDS.roles.webApp, PolicyName: 'AWSRevokeOlderSessions' }),
    );
    expect(read).toMatchObject({ RoleName: 'web-app-role', PolicyName: 'AWSRevokeOlderSessions' });
    expect(read.PolicyDocument).toBe(encodeURIComponent(revoke));
    const both = await iam.send(new ListRolePoliciesCommand({ RoleName: IDS.roles.webApp }));
    expect(both.PolicyNames).toEqual(['AWSRevokeOlderSessions', IDS.inlinePolicies.webApp]);

    await iam.send(
      new DeleteRolePolicyCommand({ RoleName: IDS.roles.webApp, PolicyName: 'AWSRevokeOlderSessions' }),
    );
    const missing = await rejection(
      iam.send(
        new GetRolePolicyCommand({ RoleName: IDS.roles.webApp, PolicyName: 'AWSRevokeOlderSessions' }),
      ),
    );
    expect(missing).toBeInstanceOf(NoSuchEntityException);
    expect(missing.message).toBe('The role policy with name AWSRevokeOlderSessions cannot be found.');

    const bot = await iam.send(new ListRolePoliciesCommand({ RoleName: IDS.roles.bot }));
    expect(bot.PolicyNames).toEqual([IDS.inlinePolicies.bot]);
  });

  it('refuses to change service-linked and Identity Center roles (UnmodifiableEntity)', async () => {
    const { iam, account } = drill();
    for (const RoleName of [IDS.roles.autoScalingServiceLinked, IDS.roles.ssoAdmin]) {
      const put = await rejection(
        iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'deny', PolicyDocument: DENY })),
      );
      expect(put).toBeInstanceOf(UnmodifiableEntityException);
      expect(put.message).toBe(
        `Cannot perform the operation on the protected role '${RoleName}' - this role is only modifiable by AWS`,
      );
      const attach = await rejection(
        iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: DENY_ALL })),
      );
      expect(attach).toBeInstanceOf(UnmodifiableEntityException);
    }
    const slrPolicies = await iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: IDS.roles.autoScalingServiceLinked }),
    );
    expect(slrPolicies.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['AutoScalingServiceRolePolicy']);
    expect(account.calls.filter((c) => c.outcome === 'error')).toHaveLength(4);
  });

  it('role inline policies share 10,240 characters', async () => {
    const { iam } = drill();
    const big = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'r'.repeat(10_000)}` },
      ],
    });
    const refused = await rejection(
      iam.send(new PutRolePolicyCommand({ RoleName: IDS.roles.bot, PolicyName: 'big', PolicyDocument: big })),
    );
    expect(refused).toBeInstanceOf(LimitExceededException);
    expect(refused.message).toBe('Maximum policy size of 10240 bytes exceeded for role firebreak-bot');
  });
});
