import { EnterStandbyCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { drill, IDS, rejection, seededAccount } from './support.js';

describe('call log', () => {
  it('records every call, allowed, refused and dry run, like CloudTrail', async () => {
    const { account, ec2, iam, autoScaling } = drill();
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [IDS.instances.web] }));
    await rejection(
      ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: IDS.networkInterfaces.webPrimary,
          Groups: ['sg-0000000000000dead'],
        }),
      ),
    );
    await rejection(
      ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          DryRun: true,
          NetworkInterfaceId: IDS.networkInterfaces.webPrimary,
          Groups: [IDS.securityGroups.db],
        }),
      ),
    );
    await iam.send(new GetRoleCommand({ RoleName: IDS.roles.webApp }));
    await autoScaling.send(
      new EnterStandbyCommand({
        AutoScalingGroupName: IDS.autoScalingGroup,
        InstanceIds: [IDS.instances.asg],
        ShouldDecrementDesiredCapacity: true,
      }),
    );

    const calls = account.calls;
    expect(calls.map((c) => [c.eventName, c.outcome, c.errorCode ?? null, c.dryRun])).toEqual([
      ['DescribeInstances', 'success', null, false],
      ['ModifyNetworkInterfaceAttribute', 'error', 'InvalidGroup.NotFound', false],
      ['ModifyNetworkInterfaceAttribute', 'error', 'DryRunOperation', true],
      ['GetRole', 'success', null, false],
      ['EnterStandby', 'success', null, false],
    ]);
    expect(calls[0]).toMatchObject({
      command: 'DescribeInstancesCommand',
      eventSource: 'ec2.amazonaws.com',
      client: 'EC2Client',
      region: 'eu-west-1',
      requestId: described.$metadata.requestId,
      principalArn: 'arn:aws:sts::123456789012:assumed-role/firebreak-bot/firebreak',
      readOnly: true,
      input: { InstanceIds: [IDS.instances.web] },
    });
    expect(new Date(calls[0]?.time ?? '').toString()).not.toBe('Invalid Date');
    expect(calls[3]).toMatchObject({ eventSource: 'iam.amazonaws.com', region: 'us-east-1' });
    expect(calls[4]).toMatchObject({ eventSource: 'autoscaling.amazonaws.com', readOnly: false });
  });

  it('keeps only the most recent calls when a limit is set', async () => {
    const { account, ec2 } = drill(seededAccount({ callLogLimit: 2 }));
    for (const id of [IDS.instances.web, IDS.instances.dual, IDS.instances.bastion]) {
      await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    }
    expect(account.calls.map((c) => (c.input as { InstanceIds: string[] }).InstanceIds[0])).toEqual([
      IDS.instances.dual,
      IDS.instances.bastion,
    ]);
  });
});
