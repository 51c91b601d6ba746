import { DescribeInstancesCommand, DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attachSimulatedAccount } from '../../src/drill/attach.js';
import { DrillUnsupportedCommandError } from '../../src/drill/errors.js';
import { drill, IDS, noNetwork, rejection, seededAccount } from './support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('attachSimulatedAccount', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers through a real EC2Client without resolving credentials or sending a request', async () => {
    const account = seededAccount();
    const credentials = vi.fn(async () => ({ accessKeyId: 'x', secretAccessKey: 'y' }));
    const client = new EC2Client({ region: 'eu-west-1', credentials, requestHandler: noNetwork });
    attachSimulatedAccount(client, account);
    const before = noNetwork.handled;

    const output = await client.send(new DescribeInstancesCommand({ InstanceIds: [IDS.instances.web] }));

    expect(output.Reservations?.[0]?.Instances?.[0]?.InstanceId).toBe(IDS.instances.web);
    expect(output.$metadata).toEqual({
      httpStatusCode: 200,
      requestId: expect.stringMatching(UUID),
      attempts: 1,
      totalRetryDelay: 0,
    });
    expect(noNetwork.handled).toBe(before);
    expect(credentials).not.toHaveBeenCalled();
  });

  it('hands the client back to the network once detached', async () => {
    const client = new EC2Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      requestHandler: noNetwork,
      maxAttempts: 1,
    });
    const detach = attachSimulatedAccount(client, seededAccount());
    await client.send(new DescribeInstancesCommand({}));
    const before = noNetwork.handled;
    detach();

    const error = await rejection(client.send(new DescribeInstancesCommand({})));

    expect(error.message).toBe('a request reached the network');
    expect(noNetwork.handled).toBe(before + 1);
  });

  it('refuses a command it does not simulate, naming it, and logs the attempt', async () => {
    const { account, ec2 } = drill();

    const error = await rejection(ec2.send(new DescribeKeyPairsCommand({})));

    expect(error).toBeInstanceOf(DrillUnsupportedCommandError);
    expect(error.message).toContain('EC2Client DescribeKeyPairsCommand');
    expect(account.calls.at(-1)).toMatchObject({
      command: 'DescribeKeyPairsCommand',
      outcome: 'error',
      errorCode: 'DrillUnsupportedCommandError',
    });
  });

  it('serves a global service from a client configured without a region', async () => {
    const account = seededAccount();
    const iam = new IAMClient({
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      requestHandler: noNetwork,
    });
    attachSimulatedAccount(iam, account);

    const { Role } = await iam.send(new GetRoleCommand({ RoleName: IDS.roles.webApp }));

    expect(Role?.Arn).toBe('arn:aws:iam::123456789012:role/web-app-role');
    expect(account.calls.at(-1)?.region).toBe('us-east-1');
  });

  it('delays every call by latencyMs with a timer, so concurrent calls overlap', async () => {
    vi.useFakeTimers();
    const { account, ec2 } = drill();
    account.latencyMs = 1000;
    let settled = 0;
    const calls = [1, 2, 3].map(() =>
      ec2.send(new DescribeInstancesCommand({})).then(() => {
        settled += 1;
      }),
    );

    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(calls);
    expect(settled).toBe(3);
  });
});
