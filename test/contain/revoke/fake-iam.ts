import * as CloudTrail from '@aws-sdk/client-cloudtrail';
import * as EC2 from '@aws-sdk/client-ec2';
import * as IAM from '@aws-sdk/client-iam';
import * as STS from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../../src/aws/clients.js';

/**
 * A small stateful IAM (plus STS and EC2's DescribeInstances) behind aws-sdk-client-mock: enough to revoke and
 * restore users and roles, so restore is tested against state that really changed. Every call is logged in
 * order; IAM enforces the 2,048-character inline budget of a user as AWS does.
 */

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'eu-west-1';

export interface FakeUser {
  path: string;
  createDate: string;
  passwordLastUsed?: string;
  login?: { createDate: string };
  mfa: string[];
  inline: Record<string, string>;
  attached: string[];
}

export interface FakeKey {
  user: string;
  status: 'Active' | 'Inactive';
  createDate: string;
  lastUsed?: { date: string; region: string; service: string };
}

export interface FakeRole {
  path: string;
  trust: object;
  inline: Record<string, string>;
  attached: string[];
  profiles: string[];
}

export interface LoggedCall {
  command: string;
  input: Record<string, unknown>;
}

let requests = 0;

function awsError(name: string, message: string, status = 400): Error {
  return new IAM.IAMServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: status, requestId: `req-err-${++requests}` },
  });
}

const size = (document: string) => document.replace(/\s/g, '').length;

export class FakeIam {
  callerArn = `arn:aws:sts::${ACCOUNT}:assumed-role/firebreak-responder/firebreak`;
  readonly users = new Map<string, FakeUser>();
  readonly keys = new Map<string, FakeKey>();
  /** Key id → owning account, for keys of other accounts (GetAccessKeyInfo). */
  readonly foreignKeys = new Map<string, string>();
  readonly roles = new Map<string, FakeRole>();
  readonly policies = new Map<string, { name: string; document: string }>();
  readonly instances: { id: string; profileArn: string; state: string }[] = [];
  readonly log: LoggedCall[] = [];
  /** CloudTrail's event history, as LookupEvents returns it (both regions answer from it). */
  readonly events: CloudTrail.Event[] = [];

  readonly iam = mockClient(IAM.IAMClient);
  readonly sts = mockClient(STS.STSClient);
  readonly ec2 = mockClient(EC2.EC2Client);
  readonly cloudTrail = mockClient(CloudTrail.CloudTrailClient);

  constructor() {
    this.wire();
  }

  clients(): AwsClients {
    return {
      ec2: new EC2.EC2Client({ region: REGION }),
      autoScaling: undefined as never,
      iam: new IAM.IAMClient({ region: REGION }),
      sts: new STS.STSClient({ region: REGION }),
      cloudTrail: new CloudTrail.CloudTrailClient({ region: REGION }),
      cloudTrailUsEast1: new CloudTrail.CloudTrailClient({ region: 'us-east-1' }),
      cloudWatch: undefined as never,
      account: ACCOUNT,
      region: REGION,
    };
  }

  restore(): void {
    this.iam.restore();
    this.sts.restore();
    this.ec2.restore();
    this.cloudTrail.restore();
  }

  clearLog(): void {
    this.log.length = 0;
  }

  /** The commands called, in order, e.g. ['GetCallerIdentity', 'GetRole']. */
  commands(): string[] {
    return this.log.map((call) => call.command);
  }

  mutations(): LoggedCall[] {
    return this.log.filter((call) => !/^(Describe|Get|List)/.test(call.command));
  }

  userArn(name: string): string {
    return `arn:aws:iam::${ACCOUNT}:user${this.users.get(name)?.path ?? '/'}${name}`;
  }

  roleArn(name: string): string {
    return `arn:aws:iam::${ACCOUNT}:role${this.roles.get(name)?.path ?? '/'}${name}`;
  }

  addUser(name: string, fields: Partial<FakeUser> = {}): FakeUser {
    const user: FakeUser = {
      path: '/',
      createDate: '2024-01-02T03:04:05.000Z',
      mfa: [],
      inline: {},
      attached: [],
      ...fields,
    };
    this.users.set(name, user);
    return user;
  }

  addRole(name: string, fields: Partial<FakeRole> = {}): FakeRole {
    const role: FakeRole = {
      path: '/',
      trust: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      inline: {},
      attached: [],
      profiles: [],
      ...fields,
    };
    this.roles.set(name, role);
    return role;
  }

  /** Everything revoke and restore may change, for before/after comparisons. */
  snapshot(): unknown {
    return structuredClone({
      users: [...this.users.entries()],
      keys: [...this.keys.entries()],
      roles: [...this.roles.entries()],
      policies: [...this.policies.entries()],
    });
  }

  private user(name: string | undefined): FakeUser {
    const user = name === undefined ? undefined : this.users.get(name);
    if (!user) throw awsError('NoSuchEntity', `The user with name ${name} cannot be found.`, 404);
    return user;
  }

  private role(name: string | undefined): FakeRole {
    const role = name === undefined ? undefined : this.roles.get(name);
    if (!role) throw awsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    return role;
  }

  private wire(): void {
    const on = <I extends object>(
      mock: { on: (command: never) => { callsFake: (fn: (input: I) => unknown) => unknown } },
      command: abstract new (...args: never[]) => unknown,
      handler: (input: I) => object,
    ) => {
      mock.on(command as never).callsFake(async (input: I) => {
        this.log.push({
          command: command.name.replace(/Command$/, ''),
          input: structuredClone(input) as Record<string, unknown>,
        });
        return { ...handler(input), $metadata: { httpStatusCode: 200, requestId: `req-${++requests}` } };
      });
    };
    const iam = <I extends object>(
      command: abstract new (...args: never[]) => unknown,
      handler: (input: I) => object,
    ) => on(this.iam as never, command, handler);
    const sts = <I extends object>(
      command: abstract new (...args: never[]) => unknown,
      handler: (input: I) => object,
    ) => on(this.sts as never, command, handler);

    on(
      this.cloudTrail as never,
      CloudTrail.LookupEventsCommand,
      (input: CloudTrail.LookupEventsCommandInput) => {
        const key = input.LookupAttributes?.find((attribute) => attribute.AttributeKey === 'AccessKeyId');
        return {
          Events: this.events.filter(
            (event) => key === undefined || event.AccessKeyId === key.AttributeValue,
          ),
        };
      },
    );
    sts(STS.GetCallerIdentityCommand, () => ({
      Account: ACCOUNT,
      Arn: this.callerArn,
      UserId: 'AROAFAKE:firebreak',
    }));
    sts(STS.GetAccessKeyInfoCommand, (input: STS.GetAccessKeyInfoCommandInput) => ({
      Account: this.foreignKeys.get(input.AccessKeyId!) ?? ACCOUNT,
    }));

    iam(IAM.GetUserCommand, (input: IAM.GetUserCommandInput) => {
      const user = this.user(input.UserName);
      return {
        User: {
          UserName: input.UserName,
          Path: user.path,
          Arn: this.userArn(input.UserName!),
          UserId: 'AIDAFAKE',
          CreateDate: new Date(user.createDate),
          ...(user.passwordLastUsed && { PasswordLastUsed: new Date(user.passwordLastUsed) }),
        },
      };
    });
    iam(IAM.ListAccessKeysCommand, (input: IAM.ListAccessKeysCommandInput) => {
      this.user(input.UserName);
      return {
        AccessKeyMetadata: [...this.keys.entries()]
          .filter(([, key]) => key.user === input.UserName)
          .map(([id, key]) => ({
            UserName: key.user,
            AccessKeyId: id,
            Status: key.status,
            CreateDate: new Date(key.createDate),
          })),
        IsTruncated: false,
      };
    });
    iam(IAM.GetAccessKeyLastUsedCommand, (input: IAM.GetAccessKeyLastUsedCommandInput) => {
      const key = this.keys.get(input.AccessKeyId!);
      if (!key) throw awsError('AccessDenied', 'not authorized to perform: iam:GetAccessKeyLastUsed', 403);
      return {
        UserName: key.user,
        AccessKeyLastUsed: key.lastUsed
          ? {
              LastUsedDate: new Date(key.lastUsed.date),
              Region: key.lastUsed.region,
              ServiceName: key.lastUsed.service,
            }
          : { Region: 'N/A', ServiceName: 'N/A' },
      };
    });
    iam(IAM.UpdateAccessKeyCommand, (input: IAM.UpdateAccessKeyCommandInput) => {
      const key = this.keys.get(input.AccessKeyId!);
      if (!key || key.user !== input.UserName)
        throw awsError('NoSuchEntity', 'The Access Key cannot be found.', 404);
      key.status = input.Status as 'Active' | 'Inactive';
      return {};
    });
    iam(IAM.GetLoginProfileCommand, (input: IAM.GetLoginProfileCommandInput) => {
      const user = this.user(input.UserName);
      if (!user.login)
        throw awsError('NoSuchEntity', `Login Profile for User ${input.UserName} cannot be found.`, 404);
      return { LoginProfile: { UserName: input.UserName, CreateDate: new Date(user.login.createDate) } };
    });
    iam(IAM.DeleteLoginProfileCommand, (input: IAM.DeleteLoginProfileCommandInput) => {
      const user = this.user(input.UserName);
      if (!user.login) throw awsError('NoSuchEntity', 'Login Profile cannot be found.', 404);
      delete user.login;
      return {};
    });
    iam(IAM.ListMFADevicesCommand, (input: IAM.ListMFADevicesCommandInput) => ({
      MFADevices: this.user(input.UserName).mfa.map((SerialNumber) => ({
        SerialNumber,
        UserName: input.UserName,
        EnableDate: new Date(0),
      })),
      IsTruncated: false,
    }));
    iam(IAM.ListUserPoliciesCommand, (input: IAM.ListUserPoliciesCommandInput) => ({
      PolicyNames: Object.keys(this.user(input.UserName).inline).sort(),
      IsTruncated: false,
    }));
    iam(IAM.GetUserPolicyCommand, (input: IAM.GetUserPolicyCommandInput) => {
      const document = this.user(input.UserName).inline[input.PolicyName!];
      if (document === undefined)
        throw awsError('NoSuchEntity', `The user policy with name ${input.PolicyName} cannot be found.`, 404);
      return {
        UserName: input.UserName,
        PolicyName: input.PolicyName,
        PolicyDocument: encodeURIComponent(document),
      };
    });
    iam(IAM.PutUserPolicyCommand, (input: IAM.PutUserPolicyCommandInput) => {
      const user = this.user(input.UserName);
      const others = Object.entries(user.inline)
        .filter(([name]) => name !== input.PolicyName)
        .reduce((sum, [, document]) => sum + size(document), 0);
      if (others + size(input.PolicyDocument!) > 2048) {
        throw awsError(
          'LimitExceeded',
          `Maximum policy size of 2048 bytes exceeded for user ${input.UserName}`,
          409,
        );
      }
      user.inline[input.PolicyName!] = input.PolicyDocument!;
      return {};
    });
    iam(IAM.DeleteUserPolicyCommand, (input: IAM.DeleteUserPolicyCommandInput) => {
      const user = this.user(input.UserName);
      if (user.inline[input.PolicyName!] === undefined)
        throw awsError('NoSuchEntity', 'cannot be found', 404);
      delete user.inline[input.PolicyName!];
      return {};
    });
    iam(IAM.ListAttachedUserPoliciesCommand, (input: IAM.ListAttachedUserPoliciesCommandInput) => ({
      AttachedPolicies: this.user(input.UserName).attached.map((arn) => ({
        PolicyArn: arn,
        PolicyName: arn.split('/').pop(),
      })),
      IsTruncated: false,
    }));
    iam(IAM.AttachUserPolicyCommand, (input: IAM.AttachUserPolicyCommandInput) => {
      const user = this.user(input.UserName);
      if (!this.policies.has(input.PolicyArn!) && !input.PolicyArn!.includes(':aws:policy/'))
        throw awsError('NoSuchEntity', `Policy ${input.PolicyArn} does not exist`, 404);
      if (!user.attached.includes(input.PolicyArn!)) user.attached.push(input.PolicyArn!);
      return {};
    });
    iam(IAM.DetachUserPolicyCommand, (input: IAM.DetachUserPolicyCommandInput) => {
      const user = this.user(input.UserName);
      const index = user.attached.indexOf(input.PolicyArn!);
      if (index < 0) throw awsError('NoSuchEntity', `Policy ${input.PolicyArn} was not found.`, 404);
      user.attached.splice(index, 1);
      return {};
    });
    iam(IAM.CreatePolicyCommand, (input: IAM.CreatePolicyCommandInput) => {
      const arn = `arn:aws:iam::${ACCOUNT}:policy/${input.PolicyName}`;
      if (this.policies.has(arn))
        throw awsError('EntityAlreadyExists', 'A policy called that already exists.', 409);
      this.policies.set(arn, { name: input.PolicyName!, document: input.PolicyDocument! });
      return {
        Policy: { PolicyName: input.PolicyName, Arn: arn, DefaultVersionId: 'v1', AttachmentCount: 0 },
      };
    });
    iam(IAM.GetPolicyCommand, (input: IAM.GetPolicyCommandInput) => {
      const policy = this.policies.get(input.PolicyArn!);
      if (!policy) throw awsError('NoSuchEntity', `Policy ${input.PolicyArn} does not exist.`, 404);
      const count = [...this.users.values()].filter((user) =>
        user.attached.includes(input.PolicyArn!),
      ).length;
      return { Policy: { PolicyName: policy.name, Arn: input.PolicyArn, AttachmentCount: count } };
    });
    iam(IAM.DeletePolicyCommand, (input: IAM.DeletePolicyCommandInput) => {
      if (!this.policies.delete(input.PolicyArn!)) throw awsError('NoSuchEntity', 'does not exist', 404);
      return {};
    });

    iam(IAM.GetRoleCommand, (input: IAM.GetRoleCommandInput) => {
      const role = this.role(input.RoleName);
      return {
        Role: {
          RoleName: input.RoleName,
          Path: role.path,
          Arn: this.roleArn(input.RoleName!),
          RoleId: 'AROAFAKE',
          CreateDate: new Date('2023-05-06T07:08:09.000Z'),
          AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(role.trust)),
        },
      };
    });
    iam(IAM.ListRolePoliciesCommand, (input: IAM.ListRolePoliciesCommandInput) => ({
      PolicyNames: Object.keys(this.role(input.RoleName).inline).sort(),
      IsTruncated: false,
    }));
    iam(IAM.GetRolePolicyCommand, (input: IAM.GetRolePolicyCommandInput) => {
      const document = this.role(input.RoleName).inline[input.PolicyName!];
      if (document === undefined)
        throw awsError('NoSuchEntity', `The role policy with name ${input.PolicyName} cannot be found.`, 404);
      return {
        RoleName: input.RoleName,
        PolicyName: input.PolicyName,
        PolicyDocument: encodeURIComponent(document),
      };
    });
    iam(IAM.PutRolePolicyCommand, (input: IAM.PutRolePolicyCommandInput) => {
      this.role(input.RoleName).inline[input.PolicyName!] = input.PolicyDocument!;
      return {};
    });
    iam(IAM.DeleteRolePolicyCommand, (input: IAM.DeleteRolePolicyCommandInput) => {
      const role = this.role(input.RoleName);
      if (role.inline[input.PolicyName!] === undefined)
        throw awsError('NoSuchEntity', 'cannot be found', 404);
      delete role.inline[input.PolicyName!];
      return {};
    });
    iam(IAM.ListAttachedRolePoliciesCommand, (input: IAM.ListAttachedRolePoliciesCommandInput) => ({
      AttachedPolicies: this.role(input.RoleName).attached.map((arn) => ({
        PolicyArn: arn,
        PolicyName: arn.split('/').pop(),
      })),
      IsTruncated: false,
    }));
    iam(IAM.ListInstanceProfilesForRoleCommand, (input: IAM.ListInstanceProfilesForRoleCommandInput) => ({
      InstanceProfiles: this.role(input.RoleName).profiles.map((arn) => ({
        Arn: arn,
        InstanceProfileName: arn.split('/').pop(),
        InstanceProfileId: 'AIPAFAKE',
        Path: '/',
        CreateDate: new Date(0),
        Roles: [],
      })),
      IsTruncated: false,
    }));
    on(this.ec2 as never, EC2.DescribeInstancesCommand, (input: EC2.DescribeInstancesCommandInput) => {
      const value = (name: string) => input.Filters?.find((filter) => filter.Name === name)?.Values ?? [];
      const found = this.instances.filter(
        (instance) =>
          value('iam-instance-profile.arn').includes(instance.profileArn) &&
          value('instance-state-name').includes(instance.state),
      );
      return {
        Reservations: found.map((instance) => ({
          Instances: [{ InstanceId: instance.id, IamInstanceProfile: { Arn: instance.profileArn } }],
        })),
      };
    });
  }
}
