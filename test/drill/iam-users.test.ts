import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  EntityAlreadyExistsException,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMServiceException,
  LimitExceededException,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  NoSuchEntityException,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../../src/drill/account.js';
import { drill, IDS, rejection, seededAccount } from './support.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const ACCOUNT = '123456789012';

function fixedDrill() {
  return drill(seededAccount({ now: () => NOW }));
}

describe('IAM users', () => {
  it('GetUser returns the seeded user with its id, ARN, path, tags and console sign-in', async () => {
    const { iam } = fixedDrill();
    const { User } = await iam.send(new GetUserCommand({ UserName: IDS.users.alice }));
    expect(User).toEqual({
      Path: '/',
      UserName: 'alice',
      UserId: expect.stringMatching(/^AIDA[0-9A-F]{17}$/),
      Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      CreateDate: new Date('2023-03-01T10:00:00.000Z'),
      PasswordLastUsed: new Date('2026-03-09T10:00:00.000Z'),
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
    const missing = await rejection(iam.send(new GetUserCommand({ UserName: 'eve' })));
    expect(missing).toBeInstanceOf(NoSuchEntityException);
    expect(missing.message).toBe('The user with name eve cannot be found.');
  });

  it('GetUser without a name answers for the calling user, and refuses a role session as IAM does', async () => {
    const { iam, account } = fixedDrill();
    const asRole = await rejection(iam.send(new GetUserCommand({})));
    expect(asRole).toBeInstanceOf(IAMServiceException);
    expect(asRole).toMatchObject({
      name: 'ValidationError',
      message: 'Must specify userName when calling with non-User credentials',
    });
    account.callerArn = `arn:aws:iam::${ACCOUNT}:user/mallory`;
    const { User } = await iam.send(new GetUserCommand({}));
    expect(User?.UserName).toBe('mallory');
  });

  it('ListUsers lists by name without tags; CreateUser adds one and refuses a duplicate', async () => {
    const { iam } = fixedDrill();
    const created = await iam.send(
      new CreateUserCommand({ UserName: 'bob', Path: '/contractors/', Tags: [{ Key: 'team', Value: 'x' }] }),
    );
    expect(created.User).toMatchObject({
      UserName: 'bob',
      Path: '/contractors/',
      Arn: `arn:aws:iam::${ACCOUNT}:user/contractors/bob`,
      UserId: expect.stringMatching(/^AIDA[0-9A-F]{17}$/),
      CreateDate: NOW,
    });
    const listed = await iam.send(new ListUsersCommand({}));
    expect(listed.Users?.map((u) => u.UserName)).toEqual(['alice', 'bob', 'ci-deployer', 'mallory']);
    expect(listed.Users?.some((u) => u.Tags)).toBe(false);
    expect(listed.IsTruncated).toBe(false);
    const contractors = await iam.send(new ListUsersCommand({ PathPrefix: '/contractors/' }));
    expect(contractors.Users?.map((u) => u.UserName)).toEqual(['bob']);

    const duplicate = await rejection(iam.send(new CreateUserCommand({ UserName: 'Alice' })));
    expect(duplicate).toBeInstanceOf(EntityAlreadyExistsException);
    expect(duplicate.message).toBe('User with name Alice already exists.');
    const badName = await rejection(iam.send(new CreateUserCommand({ UserName: 'no spaces' })));
    expect(badName.name).toBe('ValidationError');
  });
});

describe('IAM access keys', () => {
  it('ListAccessKeys gives each key’s status and creation date', async () => {
    const { iam } = fixedDrill();
    const { AccessKeyMetadata, IsTruncated } = await iam.send(
      new ListAccessKeysCommand({ UserName: IDS.users.alice }),
    );
    expect(IsTruncated).toBe(false);
    expect(AccessKeyMetadata).toEqual([
      {
        UserName: 'alice',
        AccessKeyId: IDS.accessKeys.aliceActive,
        Status: 'Active',
        CreateDate: new Date('2024-02-01T08:30:00.000Z'),
      },
      {
        UserName: 'alice',
        AccessKeyId: IDS.accessKeys.aliceInactive,
        Status: 'Inactive',
        CreateDate: new Date('2023-03-01T10:15:00.000Z'),
      },
    ]);
    const mallory = await iam.send(new ListAccessKeysCommand({ UserName: IDS.users.mallory }));
    expect(mallory.AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status])).toEqual([
      [IDS.accessKeys.mallory, 'Active'],
    ]);
    const withoutName = await rejection(iam.send(new ListAccessKeysCommand({})));
    expect(withoutName.name).toBe('ValidationError');
  });

  it('GetAccessKeyLastUsed names the owner and where the key was last used, N/A when never', async () => {
    const { iam } = fixedDrill();
    const mallory = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: IDS.accessKeys.mallory }));
    expect(mallory).toMatchObject({
      UserName: 'mallory',
      AccessKeyLastUsed: {
        LastUsedDate: new Date('2026-03-10T11:48:00.000Z'),
        ServiceName: 'iam',
        Region: 'us-east-1',
      },
    });

    const created = await iam.send(new CreateAccessKeyCommand({ UserName: IDS.users.mallory }));
    const fresh = await iam.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: created.AccessKey?.AccessKeyId }),
    );
    expect(fresh.UserName).toBe('mallory');
    expect(fresh.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });

    const foreign = await rejection(
      iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: IDS.accessKeys.foreign })),
    );
    expect(foreign).toBeInstanceOf(IAMServiceException);
    expect(foreign).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  it('UpdateAccessKey deactivates and reactivates a key; the status is what the next read sees', async () => {
    const { iam, account } = fixedDrill();
    const output = await iam.send(
      new UpdateAccessKeyCommand({
        UserName: IDS.users.mallory,
        AccessKeyId: IDS.accessKeys.mallory,
        Status: 'Inactive',
      }),
    );
    expect(output.$metadata.httpStatusCode).toBe(200);
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: IDS.users.mallory }));
    expect(listed.AccessKeyMetadata?.[0]?.Status).toBe('Inactive');

    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: IDS.users.mallory,
        AccessKeyId: IDS.accessKeys.mallory,
        Status: 'Active',
      }),
    );
    const again = await iam.send(new ListAccessKeysCommand({ UserName: IDS.users.mallory }));
    expect(again.AccessKeyMetadata?.[0]?.Status).toBe('Active');

    const update = account.calls.find((c) => c.eventName === 'UpdateAccessKey');
    expect(update).toMatchObject({
      eventSource: 'iam.amazonaws.com',
      region: 'us-east-1',
      readOnly: false,
      outcome: 'success',
      input: { UserName: 'mallory', AccessKeyId: IDS.accessKeys.mallory, Status: 'Inactive' },
    });
  });

  it('UpdateAccessKey refuses a key of another user, an unknown user and an unknown status', async () => {
    const { iam, account } = fixedDrill();
    const otherUser = await rejection(
      iam.send(
        new UpdateAccessKeyCommand({
          UserName: IDS.users.alice,
          AccessKeyId: IDS.accessKeys.mallory,
          Status: 'Inactive',
        }),
      ),
    );
    expect(otherUser).toBeInstanceOf(NoSuchEntityException);
    expect(otherUser.message).toBe(`The Access Key with id ${IDS.accessKeys.mallory} cannot be found.`);

    const noUser = await rejection(
      iam.send(
        new UpdateAccessKeyCommand({
          UserName: 'eve',
          AccessKeyId: IDS.accessKeys.mallory,
          Status: 'Inactive',
        }),
      ),
    );
    expect(noUser).toBeInstanceOf(NoSuchEntityException);

    const badStatus = await rejection(
      iam.send(
        new UpdateAccessKeyCommand({
          UserName: IDS.users.mallory,
          AccessKeyId: IDS.accessKeys.mallory,
          Status: 'Disabled' as never,
        }),
      ),
    );
    expect(badStatus.name).toBe('ValidationError');
    expect(badStatus.message).toContain('Member must satisfy enum value set: [Active, Inactive, Expired]');

    // Nothing changed, and every refusal is in the call log.
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: IDS.users.mallory }));
    expect(listed.AccessKeyMetadata?.[0]?.Status).toBe('Active');
    expect(account.calls.filter((c) => c.outcome === 'error').map((c) => c.errorCode)).toEqual([
      'NoSuchEntity',
      'NoSuchEntity',
      'ValidationError',
    ]);
  });

  it('UpdateAccessKey without a user name acts on the calling IAM user’s key', async () => {
    const { iam, account } = fixedDrill();
    account.callerArn = `arn:aws:iam::${ACCOUNT}:user/alice`;
    await iam.send(
      new UpdateAccessKeyCommand({ AccessKeyId: IDS.accessKeys.aliceActive, Status: 'Inactive' }),
    );
    const listed = await iam.send(new ListAccessKeysCommand({}));
    expect(listed.AccessKeyMetadata?.map((k) => k.Status)).toEqual(['Inactive', 'Inactive']);
  });

  it('CreateAccessKey returns the secret once, at most two keys a user; DeleteAccessKey removes one', async () => {
    const { iam, account } = fixedDrill();
    const limit = await rejection(iam.send(new CreateAccessKeyCommand({ UserName: IDS.users.alice })));
    expect(limit).toBeInstanceOf(LimitExceededException);
    expect(limit.message).toBe('Cannot exceed quota for AccessKeysPerUser: 2');

    await iam.send(
      new DeleteAccessKeyCommand({ UserName: IDS.users.alice, AccessKeyId: IDS.accessKeys.aliceInactive }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: IDS.users.alice }));
    expect(AccessKey).toEqual({
      UserName: 'alice',
      AccessKeyId: expect.stringMatching(/^AKIA[A-Z2-7]{16}$/),
      Status: 'Active',
      SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/),
      CreateDate: NOW,
    });
    expect(JSON.stringify(account.toJSON().state)).not.toContain(AccessKey?.SecretAccessKey);
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: IDS.users.alice }));
    expect(listed.AccessKeyMetadata?.map((k) => k.AccessKeyId)).toEqual([
      IDS.accessKeys.aliceActive,
      AccessKey?.AccessKeyId,
    ]);

    const gone = await rejection(
      iam.send(
        new DeleteAccessKeyCommand({ UserName: IDS.users.alice, AccessKeyId: IDS.accessKeys.aliceInactive }),
      ),
    );
    expect(gone).toBeInstanceOf(NoSuchEntityException);
  });
});

describe('console access and MFA', () => {
  it('GetLoginProfile shows console access; mallory has it without MFA, alice with', async () => {
    const { iam } = fixedDrill();
    const alice = await iam.send(new GetLoginProfileCommand({ UserName: IDS.users.alice }));
    expect(alice.LoginProfile).toEqual({
      UserName: 'alice',
      CreateDate: new Date('2023-03-01T10:05:00.000Z'),
      PasswordResetRequired: false,
    });
    const aliceMfa = await iam.send(new ListMFADevicesCommand({ UserName: IDS.users.alice }));
    expect(aliceMfa).toMatchObject({
      MFADevices: [
        {
          UserName: 'alice',
          SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`,
          EnableDate: new Date('2023-03-01T10:10:00.000Z'),
        },
      ],
      IsTruncated: false,
    });

    const mallory = await iam.send(new GetLoginProfileCommand({ UserName: IDS.users.mallory }));
    expect(mallory.LoginProfile?.UserName).toBe('mallory');
    const malloryMfa = await iam.send(new ListMFADevicesCommand({ UserName: IDS.users.mallory }));
    expect(malloryMfa.MFADevices).toEqual([]);

    const none = await rejection(iam.send(new GetLoginProfileCommand({ UserName: IDS.users.ciDeployer })));
    expect(none).toBeInstanceOf(NoSuchEntityException);
    expect(none.message).toBe('Login Profile for User ci-deployer cannot be found.');
  });

  it('DeleteLoginProfile removes console access; a second delete and a re-read are NoSuchEntity', async () => {
    const { iam } = fixedDrill();
    await iam.send(new DeleteLoginProfileCommand({ UserName: IDS.users.mallory }));
    const read = await rejection(iam.send(new GetLoginProfileCommand({ UserName: IDS.users.mallory })));
    expect(read).toBeInstanceOf(NoSuchEntityException);
    const again = await rejection(iam.send(new DeleteLoginProfileCommand({ UserName: IDS.users.mallory })));
    expect(again).toBeInstanceOf(NoSuchEntityException);

    const restored = await iam.send(
      new CreateLoginProfileCommand({
        UserName: IDS.users.mallory,
        Password: 'correct-horse-battery-staple',
        PasswordResetRequired: true,
      }),
    );
    expect(restored.LoginProfile).toEqual({
      UserName: 'mallory',
      CreateDate: NOW,
      PasswordResetRequired: true,
    });
    const twice = await rejection(
      iam.send(new CreateLoginProfileCommand({ UserName: IDS.users.mallory, Password: 'another-one-1!' })),
    );
    expect(twice).toBeInstanceOf(EntityAlreadyExistsException);
    expect(twice.message).toBe('Login Profile for user mallory already exists.');
  });
});

describe('IAM state persistence', () => {
  it('keeps keys, console access and policies through toJSON and fromJSON', async () => {
    const { iam, account } = fixedDrill();
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: IDS.users.mallory,
        AccessKeyId: IDS.accessKeys.mallory,
        Status: 'Inactive',
      }),
    );
    await iam.send(new DeleteLoginProfileCommand({ UserName: IDS.users.mallory }));

    const copy = SimulatedAccount.fromJSON(JSON.stringify(account));
    expect(copy.toJSON()).toEqual(account.toJSON());
    const { iam: again } = drill(copy);
    const keys = await again.send(new ListAccessKeysCommand({ UserName: IDS.users.mallory }));
    expect(keys.AccessKeyMetadata?.[0]?.Status).toBe('Inactive');
    const profile = await rejection(again.send(new GetLoginProfileCommand({ UserName: IDS.users.mallory })));
    expect(profile).toBeInstanceOf(NoSuchEntityException);
    const lastUsed = await again.send(
      new GetAccessKeyLastUsedCommand({ AccessKeyId: IDS.accessKeys.mallory }),
    );
    expect(lastUsed.UserName).toBe('mallory');
  });

  it('answers from an account saved before users existed', async () => {
    const old = new SimulatedAccount().toJSON();
    const legacy = { ...old, state: { ...old.state, iam: { roles: {}, instanceProfiles: {} } } };
    delete (legacy.state as { sts?: unknown }).sts;
    const { iam } = drill(SimulatedAccount.fromJSON(legacy as never));
    const listed = await iam.send(new ListUsersCommand({}));
    expect(listed.Users).toEqual([]);
  });
});
