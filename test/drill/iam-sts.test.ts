import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListInstanceProfilesForRoleCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { drill, IDS, rejection, seededAccount } from './support.js';

describe('IAM and STS', () => {
  it('returns the instance profile with its role, and the role’s trust policy URL-encoded as IAM does', async () => {
    const { iam } = drill();
    const { InstanceProfile } = await iam.send(
      new GetInstanceProfileCommand({ InstanceProfileName: IDS.instanceProfiles.webApp }),
    );
    expect(InstanceProfile).toMatchObject({
      InstanceProfileName: 'web-app-profile',
      Arn: 'arn:aws:iam::123456789012:instance-profile/web-app-profile',
      InstanceProfileId: expect.stringMatching(/^AIPA[0-9A-F]{17}$/),
      Roles: [{ RoleName: 'web-app-role', Arn: 'arn:aws:iam::123456789012:role/web-app-role' }],
    });

    const { Role } = await iam.send(new GetRoleCommand({ RoleName: IDS.roles.webApp }));
    expect(Role?.RoleId).toMatch(/^AROA[0-9A-F]{17}$/);
    expect(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''))).toMatchObject({
      Statement: [{ Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });

    const listed = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: IDS.roles.webApp }));
    expect(listed.InstanceProfiles?.map((p) => p.InstanceProfileName)).toEqual(['web-app-profile']);
    expect(listed.IsTruncated).toBe(false);

    const missing = await rejection(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'nope' })));
    expect(missing).toBeInstanceOf(NoSuchEntityException);
  });

  it('answers GetCallerIdentity with the configured caller, using the role’s id for an assumed role', async () => {
    const { sts, account, iam } = drill();
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: IDS.roles.bot }));
    expect(identity).toMatchObject({
      Account: '123456789012',
      Arn: 'arn:aws:sts::123456789012:assumed-role/firebreak-bot/firebreak',
      UserId: `${Role?.RoleId}:firebreak`,
    });

    account.callerArn = 'arn:aws:iam::123456789012:user/alice';
    const user = await sts.send(new GetCallerIdentityCommand({}));
    expect(user.Arn).toBe('arn:aws:iam::123456789012:user/alice');
    expect(user.UserId).toMatch(/^AIDA[0-9A-F]{17}$/);
  });

  it('takes the caller from the options', async () => {
    const account = seededAccount({
      callerArn: 'arn:aws:sts::123456789012:assumed-role/IncidentResponder/jane',
    });
    const { sts } = drill(account);
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe('arn:aws:sts::123456789012:assumed-role/IncidentResponder/jane');
    expect(identity.UserId).toMatch(/^AROA[0-9A-F]{17}:jane$/);
  });
});
