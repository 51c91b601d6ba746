import {
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeInstancesCommand,
  EC2ServiceException,
  ModifyNetworkInterfaceAttributeCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { drill, IDS, rejection } from './support.js';

describe('DryRun', () => {
  it('answers DryRunOperation (HTTP 412) for a call that would succeed, and changes nothing', async () => {
    const { account, ec2 } = drill();
    const before = account.toJSON().state;

    const error = await rejection(
      ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          DryRun: true,
          NetworkInterfaceId: IDS.networkInterfaces.webPrimary,
          Groups: [IDS.securityGroups.db],
        }),
      ),
    );

    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error.name).toBe('DryRunOperation');
    expect(error.message).toBe('Request would have succeeded, but DryRun flag is set.');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 412 });
    expect(account.toJSON().state).toEqual(before);
  });

  it('does not create anything or spend an id on a dry-run create', async () => {
    const { account, ec2 } = drill();
    const before = account.toJSON().state;

    const error = await rejection(
      ec2.send(
        new CreateSecurityGroupCommand({
          DryRun: true,
          GroupName: 'isolation',
          Description: 'd',
          VpcId: IDS.vpc,
        }),
      ),
    );
    const created = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'isolation', Description: 'd', VpcId: IDS.vpc }),
    );
    const fresh = drill();
    const createdFresh = await fresh.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'isolation', Description: 'd', VpcId: IDS.vpc }),
    );

    expect(error.name).toBe('DryRunOperation');
    expect(Object.keys(account.toJSON().state.regions['eu-west-1']?.ec2.securityGroups ?? {})).toHaveLength(
      Object.keys(before.regions['eu-west-1']?.ec2.securityGroups ?? {}).length + 1,
    );
    expect(created.GroupId).toBe(createdFresh.GroupId);
  });

  it('reports validation errors before the dry-run answer', async () => {
    const { ec2 } = drill();
    const unknownGroup = await rejection(
      ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          DryRun: true,
          NetworkInterfaceId: IDS.networkInterfaces.webPrimary,
          Groups: ['sg-0000000000000dead'],
        }),
      ),
    );
    const unknownInstance = await rejection(
      ec2.send(new StopInstancesCommand({ DryRun: true, InstanceIds: ['i-0000000000000dead'] })),
    );
    const badTag = await rejection(
      ec2.send(
        new CreateTagsCommand({
          DryRun: true,
          Resources: [IDS.instances.web],
          Tags: [{ Key: 'aws:owner', Value: 'x' }],
        }),
      ),
    );

    expect(unknownGroup.name).toBe('InvalidGroup.NotFound');
    expect(unknownInstance.name).toBe('InvalidInstanceID.NotFound');
    expect(badTag.name).toBe('InvalidParameterValue');
  });

  it('applies to describes too, which checks permission to read', async () => {
    const { ec2 } = drill();
    const error = await rejection(ec2.send(new DescribeInstancesCommand({ DryRun: true })));
    expect(error.name).toBe('DryRunOperation');
  });
});
