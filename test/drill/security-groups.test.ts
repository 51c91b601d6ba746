import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { drill, IDS, rejection } from './support.js';

const ALL_IPV4 = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const ALL_IPV6 = { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] };

async function createGroup(name: string) {
  const context = drill();
  const created = await context.ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: name,
      Description: 'Firebreak isolation',
      VpcId: IDS.vpc,
      TagSpecifications: [
        { ResourceType: 'security-group', Tags: [{ Key: 'firebreak:incident', Value: 'INC-1' }] },
      ],
    }),
  );
  const groupId = created.GroupId ?? '';
  const describe = async () =>
    (await context.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0];
  return { ...context, groupId, describe, created };
}

describe('security groups', () => {
  it('creates a group with only the default allow-all IPv4 egress rule, tagged as asked', async () => {
    const { created, describe, groupId } = await createGroup('firebreak-isolation');

    expect(groupId).toMatch(/^sg-0[0-9a-f]{16}$/);
    expect(created.Tags).toEqual([{ Key: 'firebreak:incident', Value: 'INC-1' }]);
    expect(await describe()).toMatchObject({
      GroupName: 'firebreak-isolation',
      VpcId: IDS.vpc,
      IpPermissions: [],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [] }],
    });
  });

  it('refuses a second group of the same name in the VPC', async () => {
    const { ec2 } = await createGroup('firebreak-isolation');
    const error = await rejection(
      ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: 'firebreak-isolation',
          Description: 'again',
          VpcId: IDS.vpc,
        }),
      ),
    );
    expect(error.name).toBe('InvalidGroup.Duplicate');
  });

  it('builds an allow-all group for IPv4 and IPv6 in both directions, refusing duplicates', async () => {
    const { ec2, groupId, describe } = await createGroup('firebreak-untrack');

    const ingress = await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [ALL_IPV4, ALL_IPV6] }),
    );
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [ALL_IPV6] }));

    expect(ingress.Return).toBe(true);
    expect(
      ingress.SecurityGroupRules?.map((r) => [
        r.IsEgress,
        r.CidrIpv4 ?? r.CidrIpv6,
        r.SecurityGroupRuleId?.slice(0, 4),
      ]),
    ).toEqual([
      [false, '0.0.0.0/0', 'sgr-'],
      [false, '::/0', 'sgr-'],
    ]);
    const group = await describe();
    expect(group?.IpPermissions).toEqual([
      {
        IpProtocol: '-1',
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        Ipv6Ranges: [{ CidrIpv6: '::/0' }],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      },
    ]);
    expect(group?.IpPermissionsEgress?.[0]?.Ipv6Ranges).toEqual([{ CidrIpv6: '::/0' }]);

    const duplicate = await rejection(
      ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [ALL_IPV4] })),
    );
    expect(duplicate.name).toBe('InvalidPermission.Duplicate');
    expect(duplicate.message).toBe('the specified rule "peer: 0.0.0.0/0, ALL, ALLOW" already exists');
  });

  it('revokes the default egress to make an isolation group with no rules at all', async () => {
    const { ec2, groupId, describe } = await createGroup('firebreak-isolation');

    const revoked = await ec2.send(
      new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [ALL_IPV4] }),
    );

    expect(revoked.Return).toBe(true);
    expect(revoked.RevokedSecurityGroupRules).toEqual([
      expect.objectContaining({ GroupId: groupId, IsEgress: true, IpProtocol: '-1', CidrIpv4: '0.0.0.0/0' }),
    ]);
    expect(await describe()).toMatchObject({ IpPermissions: [], IpPermissionsEgress: [] });

    const again = await rejection(
      ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [ALL_IPV4] })),
    );
    expect(again.name).toBe('InvalidPermission.NotFound');
  });

  it('revokes the rules it knows and reports the rest as unknown', async () => {
    const { ec2 } = drill();
    const revoked = await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: IDS.securityGroups.web,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
            IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '10.9.9.9/32' }],
          },
        ],
      }),
    );

    expect(revoked.RevokedSecurityGroupRules?.map((r) => r.CidrIpv4)).toEqual(['0.0.0.0/0']);
    expect(revoked.UnknownIpPermissions).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        IpRanges: [{ CidrIp: '10.9.9.9/32' }],
      }),
    ]);
  });

  it('matches rules by protocol number as well as name, and checks referenced groups exist', async () => {
    const { ec2, groupId } = await createGroup('app');
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          {
            IpProtocol: '6',
            FromPort: 22,
            ToPort: 22,
            UserIdGroupPairs: [{ GroupId: IDS.securityGroups.default }],
          },
        ],
      }),
    );
    const revoked = await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            UserIdGroupPairs: [{ GroupId: IDS.securityGroups.default }],
          },
        ],
      }),
    );
    expect(revoked.RevokedSecurityGroupRules?.[0]).toMatchObject({
      IpProtocol: 'tcp',
      ReferencedGroupId: IDS.securityGroups.default,
    });

    const missing = await rejection(
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 22,
              ToPort: 22,
              UserIdGroupPairs: [{ GroupId: 'sg-0000000000000dead' }],
            },
          ],
        }),
      ),
    );
    expect(missing.name).toBe('InvalidGroup.NotFound');
    const noPorts = await rejection(
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [{ IpProtocol: 'tcp', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
        }),
      ),
    );
    expect(noPorts.name).toBe('InvalidParameterValue');
  });

  it('deletes an unused group but not one an interface still uses', async () => {
    const { ec2, groupId } = await createGroup('temporary');
    const inUse = await rejection(
      ec2.send(new DeleteSecurityGroupCommand({ GroupId: IDS.securityGroups.web })),
    );
    expect(inUse.name).toBe('DependencyViolation');

    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));
    const gone = await rejection(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })));
    expect(gone.name).toBe('InvalidGroup.NotFound');
  });
});
