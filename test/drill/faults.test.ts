import { DescribeAutoScalingGroupsCommand, ResourceContentionFault } from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  EC2ServiceException,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { drill, IDS, rejection } from './support.js';

async function isolateEach(context: ReturnType<typeof drill>, eniIds: readonly string[]) {
  return Promise.allSettled(
    eniIds.map((id) =>
      context.ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: id,
          Groups: [IDS.securityGroups.db],
        }),
      ),
    ),
  );
}

describe('fault injection', () => {
  it('fails only the matching call, e.g. the second interface, and leaves that interface unchanged', async () => {
    const context = drill();
    const fault = context.account.faults.inject({
      command: 'ModifyNetworkInterfaceAttribute',
      error: 'UnauthorizedOperation',
      when: (input) => input.NetworkInterfaceId === IDS.networkInterfaces.webTrunk,
    });

    const [first, second] = await isolateEach(context, [
      IDS.networkInterfaces.webPrimary,
      IDS.networkInterfaces.webTrunk,
    ]);

    expect(first?.status).toBe('fulfilled');
    expect(second?.status).toBe('rejected');
    const error = (second as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error).toMatchObject({
      name: 'UnauthorizedOperation',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    expect(error.message).toContain('is not authorized to perform: ec2:ModifyNetworkInterfaceAttribute');
    expect(fault.hits).toBe(1);
    const enis = await context.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'attachment.instance-id', Values: [IDS.instances.web] }],
      }),
    );
    expect(enis.NetworkInterfaces?.map((eni) => eni.Groups?.[0]?.GroupId)).toEqual([
      IDS.securityGroups.db,
      IDS.securityGroups.db,
    ]);
  });

  it('fails the Nth call with skip and times, then lets calls through again', async () => {
    const context = drill();
    const fault = context.account.faults.inject({
      command: 'DescribeInstancesCommand',
      error: 'RequestLimitExceeded',
      skip: 1,
      times: 1,
    });
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      try {
        await context.ec2.send(new DescribeInstancesCommand({}));
        outcomes.push('ok');
      } catch (error) {
        const { name, $fault, $metadata } = error as EC2ServiceException;
        outcomes.push(`${name} ${$fault} ${$metadata.httpStatusCode}`);
      }
    }

    expect(outcomes).toEqual(['ok', 'RequestLimitExceeded server 503', 'ok']);
    expect([fault.matched, fault.hits]).toEqual([3, 1]);
  });

  it('raises modelled errors as their SDK class and can be removed', async () => {
    const context = drill();
    const fault = context.account.faults.inject({
      command: 'DescribeAutoScalingGroups',
      error: 'ResourceContention',
    });

    const error = await rejection(context.autoScaling.send(new DescribeAutoScalingGroupsCommand({})));
    expect(error).toBeInstanceOf(ResourceContentionFault);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 500 });

    fault.remove();
    const output = await context.autoScaling.send(new DescribeAutoScalingGroupsCommand({}));
    expect(output.AutoScalingGroups).toHaveLength(1);
  });

  it('answers an injected permission error even to a dry run, as AWS checks permissions first', async () => {
    const context = drill();
    context.account.faults.inject({
      command: 'ModifyNetworkInterfaceAttribute',
      error: 'UnauthorizedOperation',
    });

    const error = await rejection(
      context.ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          DryRun: true,
          NetworkInterfaceId: IDS.networkInterfaces.webPrimary,
          Groups: [IDS.securityGroups.db],
        }),
      ),
    );

    expect(error.name).toBe('UnauthorizedOperation');
    expect(context.account.calls.at(-1)).toMatchObject({
      dryRun: true,
      outcome: 'error',
      errorCode: 'UnauthorizedOperation',
    });
  });
});
