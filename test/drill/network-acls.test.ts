import {
  CreateNetworkAclEntryCommand,
  DeleteNetworkAclEntryCommand,
  DescribeNetworkAclsCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { drill, IDS, rejection } from './support.js';

const deny = (ruleNumber: number, egress: boolean) =>
  new CreateNetworkAclEntryCommand({
    NetworkAclId: IDS.networkAcl,
    RuleNumber: ruleNumber,
    Protocol: '-1',
    RuleAction: 'deny',
    Egress: egress,
    CidrBlock: '10.20.1.10/32',
  });

describe('network ACL entries', () => {
  it('adds deny entries for an address, refuses a taken rule number, and removes them again', async () => {
    const { ec2 } = drill();
    await ec2.send(deny(10, false));
    await ec2.send(deny(10, true));

    const collision = await rejection(ec2.send(deny(10, false)));
    expect(collision.name).toBe('NetworkAclEntryAlreadyExists');
    expect(collision.message).toBe('The network acl entry identified by 10 already exists.');

    const described = await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [IDS.networkAcl] }));
    expect(described.NetworkAcls?.[0]?.Entries?.filter((e) => e.RuleNumber === 10)).toEqual([
      { RuleNumber: 10, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '10.20.1.10/32' },
      { RuleNumber: 10, Egress: true, Protocol: '-1', RuleAction: 'deny', CidrBlock: '10.20.1.10/32' },
    ]);

    await ec2.send(
      new DeleteNetworkAclEntryCommand({ NetworkAclId: IDS.networkAcl, RuleNumber: 10, Egress: false }),
    );
    const missing = await rejection(
      ec2.send(
        new DeleteNetworkAclEntryCommand({ NetworkAclId: IDS.networkAcl, RuleNumber: 10, Egress: false }),
      ),
    );
    expect(missing.name).toBe('InvalidNetworkAclEntry.NotFound');
  });

  it('validates rule numbers, protocols with ports, and the address family', async () => {
    const { ec2 } = drill();
    const base = { NetworkAclId: IDS.networkAcl, RuleAction: 'deny' as const, Egress: false };
    const tooHigh = await rejection(
      ec2.send(
        new CreateNetworkAclEntryCommand({
          ...base,
          RuleNumber: 32767,
          Protocol: '-1',
          CidrBlock: '0.0.0.0/0',
        }),
      ),
    );
    const noPorts = await rejection(
      ec2.send(
        new CreateNetworkAclEntryCommand({ ...base, RuleNumber: 20, Protocol: '6', CidrBlock: '0.0.0.0/0' }),
      ),
    );
    const both = await rejection(
      ec2.send(
        new CreateNetworkAclEntryCommand({
          ...base,
          RuleNumber: 20,
          Protocol: '-1',
          CidrBlock: '0.0.0.0/0',
          Ipv6CidrBlock: '::/0',
        }),
      ),
    );
    expect([tooHigh.name, noPorts.name, both.name]).toEqual([
      'InvalidParameterValue',
      'MissingParameter',
      'MissingParameter',
    ]);

    await ec2.send(
      new CreateNetworkAclEntryCommand({
        ...base,
        RuleNumber: 20,
        Protocol: 'tcp',
        PortRange: { From: 22, To: 22 },
        Ipv6CidrBlock: '2a05:d018:abc:de00::/64',
      }),
    );
    const described = await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [IDS.networkAcl] }));
    expect(described.NetworkAcls?.[0]?.Entries).toContainEqual({
      RuleNumber: 20,
      Egress: false,
      Protocol: '6',
      RuleAction: 'deny',
      Ipv6CidrBlock: '2a05:d018:abc:de00::/64',
      PortRange: { From: 22, To: 22 },
    });
  });
});
