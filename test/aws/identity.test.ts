import { GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { callerIdentity, principalOf } from '../../src/aws/identity.js';

const stsMock = mockClient(STSClient);
afterEach(() => stsMock.reset());
const sts = new STSClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 't' },
});

describe('callerIdentity', () => {
  it('maps an assumed-role session to its role', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({
      Account: '111122223333',
      Arn: 'arn:aws:sts::111122223333:assumed-role/firebreak-responder/firebreak-111122223333',
      UserId: 'AROAEXAMPLE:firebreak-111122223333',
      $metadata: { requestId: 'req-who' },
    });

    expect(await callerIdentity(sts)).toEqual({
      account: '111122223333',
      arn: 'arn:aws:sts::111122223333:assumed-role/firebreak-responder/firebreak-111122223333',
      principalArn: 'arn:aws:iam::111122223333:role/firebreak-responder',
      roleName: 'firebreak-responder',
      requestId: 'req-who',
    });
  });

  it('keeps a user ARN as it is', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({
      Account: '111122223333',
      Arn: 'arn:aws:iam::111122223333:user/ops/firebreak',
      $metadata: {},
    });

    const identity = await callerIdentity(sts);
    expect(identity.principalArn).toBe('arn:aws:iam::111122223333:user/ops/firebreak');
    expect(identity.roleName).toBeUndefined();
  });

  it('translates STS failures', async () => {
    stsMock.on(GetCallerIdentityCommand).rejects(
      new STSServiceException({
        name: 'ExpiredToken',
        message: 'The security token included in the request is expired',
        $fault: 'client',
        $metadata: { httpStatusCode: 403, requestId: 'req-exp' },
      }),
    );
    await expect(callerIdentity(sts)).rejects.toMatchObject({
      code: 'AWS_CREDENTIALS',
      requestId: 'req-exp',
    });
  });

  it('refuses an answer without an account', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ $metadata: {} });
    await expect(callerIdentity(sts)).rejects.toMatchObject({ code: 'AWS_ERROR' });
  });
});

describe('principalOf', () => {
  it.each([
    [
      'arn:aws-us-gov:sts::111122223333:assumed-role/responder/alice@example.com',
      'arn:aws-us-gov:iam::111122223333:role/responder',
      'responder',
    ],
    [
      'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice',
      'arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef',
      'AWSReservedSSO_Admin_0123456789abcdef',
    ],
  ])('%s → %s', (arn, principalArn, roleName) => {
    expect(principalOf(arn)).toEqual({ principalArn, roleName });
  });

  it.each([
    'arn:aws:iam::111122223333:root',
    'arn:aws:sts::111122223333:federated-user/bob',
    'arn:aws:sts::111122223333:assumed-role/no-session',
  ])('leaves %s unchanged', (arn) => {
    expect(principalOf(arn)).toEqual({ principalArn: arn });
  });
});
