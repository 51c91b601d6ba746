import {
  AssociateIamInstanceProfileCommand,
  CreateSnapshotsCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceAttributeCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { drill, IDS, rejection } from './support.js';

const WEB = IDS.instances.web;
const WEB_PROFILE_ARN = 'arn:aws:iam::123456789012:instance-profile/web-app-profile';

describe('keeping the evidence', () => {
  it('sets termination protection, stop-on-shutdown and DeleteOnTermination=false, one attribute per call', async () => {
    const { ec2 } = drill();
    await ec2.send(
      new ModifyInstanceAttributeCommand({ InstanceId: WEB, DisableApiTermination: { Value: true } }),
    );
    await ec2.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: WEB,
        InstanceInitiatedShutdownBehavior: { Value: 'stop' },
      }),
    );
    await ec2.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: WEB,
        BlockDeviceMappings: [
          { DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: false } },
          { DeviceName: '/dev/sdf', Ebs: { DeleteOnTermination: false } },
        ],
      }),
    );

    const termination = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: WEB, Attribute: 'disableApiTermination' }),
    );
    const shutdown = await ec2.send(
      new DescribeInstanceAttributeCommand({
        InstanceId: WEB,
        Attribute: 'instanceInitiatedShutdownBehavior',
      }),
    );
    const devices = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: WEB, Attribute: 'blockDeviceMapping' }),
    );
    expect(termination).toMatchObject({ InstanceId: WEB, DisableApiTermination: { Value: true } });
    expect(shutdown.InstanceInitiatedShutdownBehavior).toEqual({ Value: 'stop' });
    expect(devices.BlockDeviceMappings?.map((m) => m.Ebs?.DeleteOnTermination)).toEqual([false, false]);
    const volumes = await ec2.send(
      new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [WEB] }] }),
    );
    expect(volumes.Volumes?.map((v) => v.Attachments?.[0]?.DeleteOnTermination)).toEqual([false, false]);

    const both = await rejection(
      ec2.send(
        new ModifyInstanceAttributeCommand({
          InstanceId: WEB,
          DisableApiTermination: { Value: true },
          InstanceInitiatedShutdownBehavior: { Value: 'stop' },
        }),
      ),
    );
    expect(both.name).toBe('InvalidParameterCombination');
    const unknownDevice = await rejection(
      ec2.send(
        new ModifyInstanceAttributeCommand({
          InstanceId: WEB,
          BlockDeviceMappings: [{ DeviceName: '/dev/sdz', Ebs: { DeleteOnTermination: false } }],
        }),
      ),
    );
    expect(unknownDevice.name).toBe('InvalidInstanceAttributeValue');
  });

  it('refuses to terminate a protected instance; terminating an unprotected one deletes its DeleteOnTermination volumes', async () => {
    const { ec2 } = drill();
    await ec2.send(
      new ModifyInstanceAttributeCommand({ InstanceId: WEB, DisableApiTermination: { Value: true } }),
    );
    const refused = await rejection(ec2.send(new TerminateInstancesCommand({ InstanceIds: [WEB] })));
    expect(refused.name).toBe('OperationNotPermitted');

    await ec2.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: IDS.instances.dual,
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: false } }],
      }),
    );
    const terminated = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [IDS.instances.dual] }));
    expect(terminated.TerminatingInstances?.[0]?.CurrentState).toEqual({ Code: 32, Name: 'shutting-down' });
    const kept = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [IDS.volumes.dualRoot] }));
    expect(kept.Volumes?.[0]).toMatchObject({ State: 'available', Attachments: [] });

    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [IDS.instances.bastion] }));
    const lost = await rejection(
      ec2.send(new DescribeVolumesCommand({ VolumeIds: [IDS.volumes.bastionRoot] })),
    );
    expect(lost.name).toBe('InvalidVolume.NotFound');
  });

  it('snapshots every volume with the requested tags and the volume’s own, findable by tag', async () => {
    const { ec2 } = drill();
    const created = await ec2.send(
      new CreateSnapshotsCommand({
        InstanceSpecification: { InstanceId: WEB },
        Description: 'Firebreak INC-7 evidence',
        CopyTagsFromSource: 'volume',
        TagSpecifications: [
          { ResourceType: 'snapshot', Tags: [{ Key: 'firebreak:incident', Value: 'INC-7' }] },
        ],
      }),
    );
    expect(created.Snapshots?.map((s) => [s.VolumeId, s.State])).toEqual([
      [IDS.volumes.webData, 'pending'],
      [IDS.volumes.webRoot, 'pending'],
    ]);
    expect(created.Snapshots?.[0]?.Tags).toEqual([
      { Key: 'Name', Value: 'web-1-data' },
      { Key: 'firebreak:incident', Value: 'INC-7' },
    ]);

    const found = await ec2.send(
      new DescribeSnapshotsCommand({
        OwnerIds: ['self'],
        Filters: [{ Name: 'tag:firebreak:incident', Values: ['INC-7'] }],
      }),
    );
    expect(found.Snapshots?.map((s) => [s.VolumeId, s.State, s.Description])).toEqual([
      [IDS.volumes.webData, 'completed', 'Firebreak INC-7 evidence'],
      [IDS.volumes.webRoot, 'completed', 'Firebreak INC-7 evidence'],
    ]);

    const dataOnly = await ec2.send(
      new CreateSnapshotsCommand({ InstanceSpecification: { InstanceId: WEB, ExcludeBootVolume: true } }),
    );
    expect(dataOnly.Snapshots?.map((s) => s.VolumeId)).toEqual([IDS.volumes.webData]);
  });

  it('disassociates the instance profile and can associate it again for a restore', async () => {
    const { ec2 } = drill();
    const { IamInstanceProfileAssociations: [association] = [] } = await ec2.send(
      new DescribeIamInstanceProfileAssociationsCommand({
        Filters: [{ Name: 'instance-id', Values: [WEB] }],
      }),
    );
    expect(association).toMatchObject({
      InstanceId: WEB,
      State: 'associated',
      IamInstanceProfile: { Arn: WEB_PROFILE_ARN },
    });

    const gone = await ec2.send(
      new DisassociateIamInstanceProfileCommand({ AssociationId: association?.AssociationId }),
    );
    expect(gone.IamInstanceProfileAssociation?.State).toBe('disassociating');
    const after = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [WEB] }));
    expect(after.Reservations?.[0]?.Instances?.[0]?.IamInstanceProfile).toBeUndefined();
    const twice = await rejection(
      ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: association?.AssociationId })),
    );
    expect(twice.name).toBe('InvalidAssociationID.NotFound');

    const restored = await ec2.send(
      new AssociateIamInstanceProfileCommand({
        InstanceId: WEB,
        IamInstanceProfile: { Name: 'web-app-profile' },
      }),
    );
    expect(restored.IamInstanceProfileAssociation).toMatchObject({
      State: 'associating',
      IamInstanceProfile: { Arn: WEB_PROFILE_ARN },
    });
    const again = await rejection(
      ec2.send(
        new AssociateIamInstanceProfileCommand({
          InstanceId: WEB,
          IamInstanceProfile: { Arn: WEB_PROFILE_ARN },
        }),
      ),
    );
    expect(again.name).toBe('IncorrectState');
  });

  it('tags resources, and deletes tags by key or only when the value matches', async () => {
    const { ec2 } = drill();
    await ec2.send(
      new CreateTagsCommand({
        Resources: [WEB, IDS.networkInterfaces.webPrimary],
        Tags: [
          { Key: 'firebreak:incident', Value: 'INC-7' },
          { Key: 'firebreak:original-groups', Value: IDS.securityGroups.web },
        ],
      }),
    );
    await ec2.send(
      new DeleteTagsCommand({ Resources: [WEB], Tags: [{ Key: 'firebreak:incident', Value: 'INC-8' }] }),
    );
    await ec2.send(new DeleteTagsCommand({ Resources: [WEB], Tags: [{ Key: 'firebreak:original-groups' }] }));

    const tagged = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:firebreak:incident', Values: ['INC-*'] }] }),
    );
    const tags = tagged.Reservations?.[0]?.Instances?.[0]?.Tags ?? [];
    expect(tags).toContainEqual({ Key: 'firebreak:incident', Value: 'INC-7' });
    expect(tags.map((t) => t.Key)).not.toContain('firebreak:original-groups');

    const missing = await rejection(
      ec2.send(
        new CreateTagsCommand({ Resources: ['eni-0000000000000dead'], Tags: [{ Key: 'a', Value: 'b' }] }),
      ),
    );
    expect(missing.name).toBe('InvalidNetworkInterfaceID.NotFound');
  });
});
