import { CreateAccessKeyCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { GetAccessKeyInfoCommand, GetCallerIdentityCommand, STSServiceException } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../../src/drill/account.js';
import { DrillUnsupportedError } from '../../src/drill/errors.js';
import { decodeAccessKeyAccount, encodeAccessKeyId } from '../../src/drill/iam/key-ids.js';
import { addForeignAccessKey } from '../../src/drill/sts/access-key-info.js';
import { drill, IDS, rejection, seededAccount } from './support.js';

describe('sts:GetAccessKeyInfo', () => {
  it('names this account for its own keys, active or not', async () => {
    const { sts } = drill();
    for (const AccessKeyId of [
      IDS.accessKeys.mallory,
      IDS.accessKeys.aliceInactive,
      IDS.accessKeys.ciDeployer,
    ]) {
      const output = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId }));
      expect(output.Account).toBe('123456789012');
    }
  });

  it('names the other account for a foreign key, and for a key created since', async () => {
    const { sts, iam, account } = drill();
    const foreign = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: IDS.accessKeys.foreign }));
    expect(foreign.Account).toBe(IDS.foreignAccountId);

    // The configured map wins over what the id encodes.
    account.mutate('us-east-1', (ctx) => addForeignAccessKey(ctx, 'AKIAIOSFODNN7EXAMPLE', '111122223333'));
    const declared = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }));
    expect(declared.Account).toBe('111122223333');

    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: IDS.users.ciDeployer }));
    const created = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: AccessKey?.AccessKeyId }));
    expect(created.Account).toBe('123456789012');
  });

  it('decodes the account from any modern key id, session keys (ASIA) included, as STS does', async () => {
    const { sts } = drill();
    const session = encodeAccessKeyId('ASIA', '444455556666', 'a session');
    const output = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: session }));
    expect(output.Account).toBe('444455556666');
    // A real key id and the account it encodes, as published.
    expect(decodeAccessKeyAccount('ASIAY34FZKBOKMUTVV7A')).toBe('609629065308');
    expect(decodeAccessKeyAccount(IDS.accessKeys.foreign)).toBe(IDS.foreignAccountId);
    expect(decodeAccessKeyAccount(IDS.accessKeys.aliceActive)).toBe('123456789012');
  });

  it('refuses a malformed key id with ValidationError, and an undecodable one as a drill gap', async () => {
    const { sts } = drill();
    const short = await rejection(sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIA123' })));
    expect(short).toBeInstanceOf(STSServiceException);
    expect(short.name).toBe('ValidationError');
    expect(short.message).toContain('Member must have length greater than or equal to 16');

    const gap = await rejection(
      sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'XYZW0123456789ABCDEF' })),
    );
    expect(gap).toBeInstanceOf(DrillUnsupportedError);
  });

  it('keeps declared foreign keys through toJSON and fromJSON', async () => {
    const account = seededAccount();
    account.mutate('us-east-1', (ctx) => addForeignAccessKey(ctx, 'AKIAIOSFODNN7EXAMPLE', '111122223333'));
    const { sts } = drill(SimulatedAccount.fromJSON(JSON.stringify(account)));
    const output = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }));
    expect(output.Account).toBe('111122223333');
  });

  it('answers for an account saved before foreign keys existed', async () => {
    const old = seededAccount().toJSON();
    delete (old.state as { sts?: unknown }).sts;
    const { sts } = drill(SimulatedAccount.fromJSON(old));
    const output = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: IDS.accessKeys.foreign }));
    expect(output.Account).toBe(IDS.foreignAccountId);
  });
});

describe('sts:GetCallerIdentity for seeded identities', () => {
  it('the default caller is a session of the seeded bot role', async () => {
    const { sts, account } = drill();
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:sts::123456789012:assumed-role/${IDS.roles.bot}/firebreak`);
    expect(account.inspect((state) => state.iam.roles[IDS.roles.bot]?.arn)).toBe(
      'arn:aws:iam::123456789012:role/firebreak-bot',
    );
  });

  it('reports a seeded user’s own UserId, the one GetUser returns', async () => {
    const { sts, iam, account } = drill();
    account.callerArn = 'arn:aws:iam::123456789012:user/mallory';
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    const { User } = await iam.send(new GetUserCommand({ UserName: IDS.users.mallory }));
    expect(identity.UserId).toBe(User?.UserId);
  });

  it('uses the Identity Center role’s id for its sessions', async () => {
    const { sts, account } = drill();
    account.callerArn = `arn:aws:sts::123456789012:assumed-role/${IDS.roles.ssoAdmin}/jane@example.com`;
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    const roleId = account.inspect((state) => state.iam.roles[IDS.roles.ssoAdmin]?.id);
    expect(identity.UserId).toBe(`${roleId}:jane@example.com`);
  });
});
