import {
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsCallError, callAws } from '../../src/aws/call.js';
import { createAwsClientFactory } from '../../src/aws/clients.js';
import { isDryRunSuccess } from '../../src/aws/errors.js';

const ec2Mock = mockClient(EC2Client);
afterEach(() => ec2Mock.reset());

// Factory clients, so the mock also proves adapters built on the factory can be tested this way.
const { ec2 } = createAwsClientFactory({
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
}).forTarget({ account: '111122223333', region: 'eu-west-1' });

describe('callAws', () => {
  it('returns the value and the request id of a success', async () => {
    ec2Mock
      .on(DescribeInstancesCommand, { InstanceIds: ['i-0abc'] })
      .resolves({ Reservations: [{ ReservationId: 'r-1' }], $metadata: { requestId: 'req-ok' } });

    const result = await callAws('DescribeInstances on i-0abc', () =>
      ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0abc'] })),
    );

    expect(result.requestId).toBe('req-ok');
    expect(result.value.Reservations?.[0]?.ReservationId).toBe('r-1');
    expect(ec2Mock.commandCalls(DescribeInstancesCommand)).toHaveLength(1);
  });

  it('throws an AwsCallError with the code, AWS code, request id and cause of a failure', async () => {
    const original = new EC2ServiceException({
      name: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
      $fault: 'client',
      $metadata: { httpStatusCode: 403, requestId: 'req-denied' },
    });
    ec2Mock.on(ModifyNetworkInterfaceAttributeCommand).rejects(original);

    const failure = await callAws('ModifyNetworkInterfaceAttribute on eni-0abc', () =>
      ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: 'eni-0abc', Groups: ['sg-1'] }),
      ),
    ).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(AwsCallError);
    const error = failure as AwsCallError;
    expect(error.code).toBe('AWS_ACCESS_DENIED');
    expect(error.awsCode).toBe('UnauthorizedOperation');
    expect(error.requestId).toBe('req-denied');
    expect(error.cause).toBe(original);
    expect(error.message).toContain('add the permission ec2:ModifyNetworkInterfaceAttribute');
  });

  it('lets the caller recognise a successful dry run', async () => {
    ec2Mock.on(ModifyNetworkInterfaceAttributeCommand).rejects(
      new EC2ServiceException({
        name: 'DryRunOperation',
        message: 'Request would have succeeded, but DryRun flag is set.',
        $fault: 'client',
        $metadata: { httpStatusCode: 412, requestId: 'req-dry' },
      }),
    );

    const failure = await callAws('ModifyNetworkInterfaceAttribute on eni-0abc', () =>
      ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: 'eni-0abc', DryRun: true })),
    ).catch((error: unknown) => error);

    expect(isDryRunSuccess(failure)).toBe(true);
    expect((failure as AwsCallError).requestId).toBe('req-dry');
  });

  it('rethrows programming errors untouched so they surface as bugs', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'Reservations')");
    await expect(
      callAws('DescribeInstances', async () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
  });
});
