import {
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { drill, IDS, rejection } from './support.js';

async function groupsOf(context: ReturnType<typeof drill>, eniId: string) {
  const output = await context.ec2.send(
    new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId] }),
  );
  return output.NetworkInterfaces?.[0]?.Groups?.map((group) => group.GroupId);
}

describe('ModifyNetworkInterfaceAttribute', () => {
  it('replaces the groups of one interface, which DescribeNetworkInterfaces and DescribeInstances then show', async () => {
    const context = drill();
    const { GroupId: isolation } = await context.ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'isolation', Description: 'no rules', VpcId: IDS.vpc }),
    );

    await context.ec2.send(
      new ModifyNetworkInterfaceAttributeCommand({
        NetworkInterfaceId: IDS.networkInterfaces.webTrunk,
        Groups: [isolation ?? ''],
      }),
    );

    expect(await groupsOf(context, IDS.networkInterfaces.webTrunk)).toEqual([isolation]);
    expect(await groupsOf(context, IDS.networkInterfaces.webPrimary)).toEqual([IDS.securityGroups.web]);
    const filtered = await context.ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'group-id', Values: [isolation ?? ''] }] }),
    );
    expect(filtered.NetworkInterfaces?.map((eni) => eni.NetworkInterfaceId)).toEqual([
      IDS.networkInterfaces.webTrunk,
    ]);
    const web = await context.ec2.send(new DescribeInstancesCommand({ InstanceIds: [IDS.instances.web] }));
    const instance = web.Reservations?.[0]?.Instances?.[0];
    expect(instance?.SecurityGroups?.map((g) => g.GroupId)).toEqual([IDS.securityGroups.web]);
    expect(instance?.NetworkInterfaces?.[1]?.Groups).toEqual([
      { GroupId: isolation, GroupName: 'isolation' },
    ]);
  });

  it('refuses an unknown group, and a group from another VPC, with InvalidGroup.NotFound', async () => {
    const context = drill();
    context.account.mutate('eu-west-1', (ctx) => {
      const ec2 = ctx.state.regions['eu-west-1']?.ec2;
      if (!ec2) throw new Error('no region');
      ec2.vpcs['vpc-0other0000000001'] = {
        id: 'vpc-0other0000000001',
        cidrBlock: '10.99.0.0/16',
        cidrAssociationId: 'vpc-cidr-assoc-0other',
        isDefault: false,
        dhcpOptionsId: IDS.dhcpOptions,
        tags: {},
      };
    });
    const { GroupId: foreign } = await context.ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'elsewhere',
        Description: 'other VPC',
        VpcId: 'vpc-0other0000000001',
      }),
    );

    for (const groupId of ['sg-0000000000000dead', foreign ?? '']) {
      const error = await rejection(
        context.ec2.send(
          new ModifyNetworkInterfaceAttributeCommand({
            NetworkInterfaceId: IDS.networkInterfaces.webPrimary,
            Groups: [groupId],
          }),
        ),
      );
      expect(error.name).toBe('InvalidGroup.NotFound');
      expect(error.message).toBe(`The security group '${groupId}' does not exist in VPC '${IDS.vpc}'`);
    }
    expect(await groupsOf(context, IDS.networkInterfaces.webPrimary)).toEqual([IDS.securityGroups.web]);
  });

  it('takes one attribute per call, and treats an empty group list as no attribute, as the SDK sends it', async () => {
    const { ec2 } = drill();
    const two = await rejection(
      ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: IDS.networkInterfaces.webPrimary,
          Groups: [IDS.securityGroups.db],
          Description: { Value: 'contained' },
        }),
      ),
    );
    expect(two.name).toBe('InvalidParameterCombination');
    const none = await rejection(
      ec2.send(
        new ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: IDS.networkInterfaces.webPrimary,
          Groups: [],
        }),
      ),
    );
    expect(none.name).toBe('MissingParameter');
  });

  it('lets ModifyInstanceAttribute change groups only on a single-interface instance', async () => {
    const context = drill();
    const refused = await rejection(
      context.ec2.send(
        new ModifyInstanceAttributeCommand({
          InstanceId: IDS.instances.web,
          Groups: [IDS.securityGroups.db],
        }),
      ),
    );
    expect(refused.name).toBe('InvalidInstanceID');
    expect(refused.message).toContain('multiple interfaces attached');

    await context.ec2.send(
      new ModifyInstanceAttributeCommand({ InstanceId: IDS.instances.dual, Groups: [IDS.securityGroups.db] }),
    );
    expect(await groupsOf(context, IDS.networkInterfaces.dual)).toEqual([IDS.securityGroups.db]);
  });
});
