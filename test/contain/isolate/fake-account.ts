import * as AS from '@aws-sdk/client-auto-scaling';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import * as EC2 from '@aws-sdk/client-ec2';
import * as IAM from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../../src/aws/clients.js';

/**
 * A small stateful AWS account behind aws-sdk-client-mock: enough EC2, Auto Scaling and IAM to isolate and
 * restore one instance, so resume and restore are tested against state that really changed. Every call is
 * logged in order (`log`), and faults are injected per command.
 */

export interface FakeEni {
  id: string;
  type: 'interface' | 'trunk' | 'branch';
  vpcId: string;
  subnetId: string;
  groups: string[];
  privateIps: string[];
  ipv6: string[];
  attachedTo?: string;
  deviceIndex?: number;
  tags: Record<string, string>;
}

export interface FakeGroup {
  id: string;
  vpcId: string;
  name: string;
  tags: Record<string, string>;
  ingress: EC2.IpPermission[];
  egress: EC2.IpPermission[];
}

export interface FakeInstance {
  id: string;
  state: string;
  vpcId: string;
  subnetId: string;
  type: string;
  tags: Record<string, string>;
  terminationProtection: boolean;
  shutdown: string;
  volumes: { id: string; device: string; deleteOnTermination: boolean }[];
}

export interface FakeNacl {
  id: string;
  vpcId: string;
  subnetIds: string[];
  entries: EC2.NetworkAclEntry[];
}

export interface LoggedCall {
  command: string;
  input: Record<string, unknown>;
}

interface Fault {
  command: string;
  when: (input: Record<string, unknown>) => boolean;
  error: () => Error;
  times: number;
}

interface Pending {
  command: string;
  when: (input: Record<string, unknown>) => boolean;
  release: Promise<void>;
}

export const ACCOUNT = '111122223333';
export const INSTANCE = 'i-0abc';
export const PROFILE_ARN = `arn:aws:iam::${ACCOUNT}:instance-profile/web-profile`;

let requestCounter = 0;

export function awsError(name: string, message: string, status = 400): Error {
  return new EC2.EC2ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: `req-err-${++requestCounter}` },
    message,
  });
}

export const errors = {
  denied: () => awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403),
  throttled: () => awsError('RequestLimitExceeded', 'Request limit exceeded.', 503),
};

const ok = <T extends object>(value: T) => ({
  ...value,
  $metadata: { httpStatusCode: 200, requestId: `req-${++requestCounter}` },
});

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

function filterValues(input: { Filters?: unknown }, name: string): string[] | undefined {
  const filters = (input.Filters ?? []) as { Name: string; Values: string[] }[];
  return filters.find((filter) => filter.Name === name)?.Values;
}

export class FakeAccount {
  readonly instances = new Map<string, FakeInstance>();
  readonly enis = new Map<string, FakeEni>();
  readonly groups = new Map<string, FakeGroup>();
  readonly trunkAssociations: { id: string; trunk: string; branch: string }[] = [];
  readonly profileAssociations: { id: string; instanceId: string; profileArn: string; state: string }[] = [];
  readonly profileOf = new Map<string, string>();
  readonly routeTables: EC2.RouteTable[] = [];
  readonly nacls = new Map<string, FakeNacl>();
  readonly snapshots: { id: string; volumeId: string; tags: Record<string, string> }[] = [];
  readonly eips: EC2.Address[] = [];
  readonly asgs = new Map<
    string,
    { desired: number; min: number; max: number; members: Map<string, string>; targetGroups: string[] }
  >();
  readonly iamProfiles: { name: string; arn: string; role?: { name: string; arn: string } }[] = [];
  readonly log: LoggedCall[] = [];
  private readonly faults: Fault[] = [];
  private readonly pending: Pending[] = [];
  private ids = 0;

  readonly ec2 = mockClient(EC2.EC2Client);
  readonly autoScaling = mockClient(AS.AutoScalingClient);
  readonly iam = mockClient(IAM.IAMClient);

  constructor() {
    this.wire();
  }

  clients(): AwsClients {
    return {
      ec2: new EC2.EC2Client({ region: 'eu-west-1' }),
      autoScaling: new AS.AutoScalingClient({ region: 'eu-west-1' }),
      iam: new IAM.IAMClient({ region: 'eu-west-1' }),
      sts: new STSClient({ region: 'eu-west-1' }),
      cloudTrail: new CloudTrailClient({ region: 'eu-west-1' }),
      cloudTrailUsEast1: new CloudTrailClient({ region: 'us-east-1' }),
      cloudWatch: new CloudWatchClient({ region: 'eu-west-1' }),
      account: ACCOUNT,
      region: 'eu-west-1',
    };
  }

  /** Forgets the calls so far (the reads of the preview, say), keeping the state. */
  clearLog(): void {
    this.log.length = 0;
    this.ec2.resetHistory();
    this.autoScaling.resetHistory();
    this.iam.resetHistory();
  }

  restore(): void {
    this.ec2.restore();
    this.autoScaling.restore();
    this.iam.restore();
  }

  /** The next `times` calls of `command` matching `when` fail with `error`. */
  fail(
    command: string,
    error: () => Error,
    when: (input: Record<string, unknown>) => boolean = () => true,
    times = Number.POSITIVE_INFINITY,
  ): void {
    this.faults.push({ command, when, error, times });
  }

  /** Holds matching calls of `command` until the returned function is called (no timers involved). */
  hold(command: string, when: (input: Record<string, unknown>) => boolean = () => true): () => void {
    let release!: () => void;
    this.pending.push({ command, when, release: new Promise<void>((resolve) => (release = resolve)) });
    return () => release();
  }

  calls(command: string): Record<string, unknown>[] {
    return this.log.filter((call) => call.command === command).map((call) => call.input);
  }

  mutatingCalls(): LoggedCall[] {
    return this.log.filter((call) => !/^(Describe|Get|List)/.test(call.command));
  }

  newId(prefix: string): string {
    this.ids += 1;
    return `${prefix}-0f${this.ids.toString(16).padStart(7, '0')}`;
  }

  private wire(): void {
    const on = <I extends object, O extends object>(
      mock: { on: (command: never) => { callsFake: (fn: (input: I) => unknown) => unknown } },
      command: abstract new (...args: never[]) => unknown,
      name: string,
      handler: (input: I) => O,
      dryRunnable = false,
    ) => {
      mock.on(command as never).callsFake(async (input: I) => {
        const record = input as Record<string, unknown>;
        this.log.push({ command: name, input: structuredClone(record) });
        const pending = this.pending.find((p) => p.command === name && p.when(record));
        if (pending) await pending.release;
        const fault = this.faults.find((f) => f.command === name && f.times > 0 && f.when(record));
        if (fault) {
          fault.times -= 1;
          throw fault.error();
        }
        if (dryRunnable && record.DryRun === true) {
          throw awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
        }
        return ok(handler(input));
      });
    };
    const ec2 = <I extends object, O extends object>(
      command: abstract new (...args: never[]) => unknown,
      handler: (input: I) => O,
    ) => on(this.ec2 as never, command, command.name.replace(/Command$/, ''), handler, true);
    const as = <I extends object, O extends object>(
      command: abstract new (...args: never[]) => unknown,
      handler: (input: I) => O,
    ) => on(this.autoScaling as never, command, command.name.replace(/Command$/, ''), handler);
    const iam = <I extends object, O extends object>(
      command: abstract new (...args: never[]) => unknown,
      handler: (input: I) => O,
    ) => on(this.iam as never, command, command.name.replace(/Command$/, ''), handler);

    ec2(EC2.DescribeInstancesCommand, (input: EC2.DescribeInstancesCommandInput) => {
      let found = [...this.instances.values()];
      if (input.InstanceIds) {
        const missing = input.InstanceIds.find((id) => !this.instances.has(id));
        if (missing)
          throw awsError('InvalidInstanceID.NotFound', `The instance ID '${missing}' does not exist`);
        found = found.filter((i) => input.InstanceIds!.includes(i.id));
      }
      const profiles = filterValues(input, 'iam-instance-profile.arn');
      if (profiles) found = found.filter((i) => profiles.includes(this.profileOf.get(i.id) ?? ''));
      const states = filterValues(input, 'instance-state-name');
      if (states) found = found.filter((i) => states.includes(i.state));
      return { Reservations: found.map((i) => ({ Instances: [this.instanceShape(i)] })) };
    });
    ec2(EC2.DescribeInstanceAttributeCommand, (input: EC2.DescribeInstanceAttributeCommandInput) => {
      const instance = this.instanceOrThrow(input.InstanceId!);
      if (input.Attribute === 'disableApiTermination') {
        return { DisableApiTermination: { Value: instance.terminationProtection } };
      }
      return { InstanceInitiatedShutdownBehavior: { Value: instance.shutdown } };
    });
    ec2(EC2.ModifyInstanceAttributeCommand, (input: EC2.ModifyInstanceAttributeCommandInput) => {
      const instance = this.instanceOrThrow(input.InstanceId!);
      if (input.DisableApiTermination)
        instance.terminationProtection = input.DisableApiTermination.Value === true;
      if (input.InstanceInitiatedShutdownBehavior)
        instance.shutdown = input.InstanceInitiatedShutdownBehavior.Value!;
      for (const mapping of input.BlockDeviceMappings ?? []) {
        const volume = instance.volumes.find((v) => v.device === mapping.DeviceName);
        if (volume && mapping.Ebs?.DeleteOnTermination !== undefined) {
          volume.deleteOnTermination = mapping.Ebs.DeleteOnTermination;
        }
      }
      return {};
    });
    ec2(EC2.DescribeNetworkInterfacesCommand, (input: EC2.DescribeNetworkInterfacesCommandInput) => {
      let found = [...this.enis.values()];
      if (input.NetworkInterfaceIds) {
        const missing = input.NetworkInterfaceIds.find((id) => !this.enis.has(id));
        if (missing) {
          throw awsError(
            'InvalidNetworkInterfaceID.NotFound',
            `The networkInterface ID '${missing}' does not exist`,
          );
        }
        found = found.filter((e) => input.NetworkInterfaceIds!.includes(e.id));
      }
      const byId = filterValues(input, 'network-interface-id');
      if (byId) found = found.filter((e) => byId.includes(e.id));
      const attached = filterValues(input, 'attachment.instance-id');
      if (attached)
        found = found.filter((e) => e.attachedTo !== undefined && attached.includes(e.attachedTo));
      return { NetworkInterfaces: found.map((e) => this.eniShape(e)) };
    });
    ec2(EC2.DescribeTrunkInterfaceAssociationsCommand, () => ({
      InterfaceAssociations: this.trunkAssociations.map((a) => ({
        AssociationId: a.id,
        TrunkInterfaceId: a.trunk,
        BranchInterfaceId: a.branch,
        InterfaceProtocol: 'VLAN',
      })),
    }));
    ec2(
      EC2.ModifyNetworkInterfaceAttributeCommand,
      (input: EC2.ModifyNetworkInterfaceAttributeCommandInput) => {
        const eni = this.enis.get(input.NetworkInterfaceId!);
        if (!eni) throw awsError('InvalidNetworkInterfaceID.NotFound', 'no such interface');
        for (const group of input.Groups ?? []) {
          if (!this.groups.has(group))
            throw awsError('InvalidGroup.NotFound', `The security group '${group}' does not exist`);
        }
        if (input.Groups) eni.groups = [...input.Groups];
        return {};
      },
    );
    ec2(EC2.DescribeSecurityGroupsCommand, (input: EC2.DescribeSecurityGroupsCommandInput) => {
      let found = [...this.groups.values()];
      const vpc = filterValues(input, 'vpc-id');
      if (vpc) found = found.filter((g) => vpc.includes(g.vpcId));
      const role = filterValues(input, 'tag:firebreak:role');
      if (role) found = found.filter((g) => role.includes(g.tags['firebreak:role'] ?? ''));
      const names = filterValues(input, 'group-name');
      if (names) found = found.filter((g) => names.includes(g.name));
      return {
        SecurityGroups: found.map((g) => ({
          GroupId: g.id,
          GroupName: g.name,
          VpcId: g.vpcId,
          Tags: tagList(g.tags),
          IpPermissions: structuredClone(g.ingress),
          IpPermissionsEgress: structuredClone(g.egress),
        })),
      };
    });
    ec2(EC2.CreateSecurityGroupCommand, (input: EC2.CreateSecurityGroupCommandInput) => {
      if ([...this.groups.values()].some((g) => g.vpcId === input.VpcId && g.name === input.GroupName)) {
        throw awsError('InvalidGroup.Duplicate', `The security group '${input.GroupName}' already exists`);
      }
      const id = this.newId('sg');
      const tags: Record<string, string> = {};
      for (const tag of input.TagSpecifications?.[0]?.Tags ?? []) tags[tag.Key!] = tag.Value!;
      this.groups.set(id, {
        id,
        vpcId: input.VpcId!,
        name: input.GroupName!,
        tags,
        ingress: [],
        // AWS gives every new group an allow-all IPv4 egress rule.
        egress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      });
      return { GroupId: id };
    });
    const rules =
      (direction: 'ingress' | 'egress', add: boolean) =>
      (input: EC2.AuthorizeSecurityGroupIngressCommandInput) => {
        const group = this.groups.get(input.GroupId!);
        if (!group) throw awsError('InvalidGroup.NotFound', 'no such group');
        for (const permission of input.IpPermissions ?? []) {
          if (add) {
            group[direction].push(structuredClone(permission));
          } else {
            const key = JSON.stringify(permission);
            const before = group[direction].length;
            group[direction] = group[direction].filter((p) => JSON.stringify(p) !== key);
            if (group[direction].length === before)
              throw awsError('InvalidPermission.NotFound', 'no such rule');
          }
        }
        return { Return: true };
      };
    ec2(EC2.AuthorizeSecurityGroupIngressCommand, rules('ingress', true));
    ec2(EC2.AuthorizeSecurityGroupEgressCommand, rules('egress', true));
    ec2(EC2.RevokeSecurityGroupIngressCommand, rules('ingress', false));
    ec2(EC2.RevokeSecurityGroupEgressCommand, rules('egress', false));
    ec2(EC2.CreateTagsCommand, (input: EC2.CreateTagsCommandInput) => {
      for (const id of input.Resources ?? []) {
        const tags = this.tagsOf(id);
        for (const tag of input.Tags ?? []) tags[tag.Key!] = tag.Value ?? '';
      }
      return {};
    });
    ec2(EC2.DeleteTagsCommand, (input: EC2.DeleteTagsCommandInput) => {
      for (const id of input.Resources ?? []) {
        const tags = this.tagsOf(id);
        for (const tag of input.Tags ?? []) delete tags[tag.Key!];
      }
      return {};
    });
    ec2(EC2.DescribeTagsCommand, (input: EC2.DescribeTagsCommandInput) => {
      const ids = filterValues(input, 'resource-id') ?? [];
      const keys = filterValues(input, 'key');
      return {
        Tags: ids.flatMap((id) =>
          Object.entries(this.tagsOf(id))
            .filter(([key]) => !keys || keys.includes(key))
            .map(([Key, Value]) => ({ Key, Value, ResourceId: id, ResourceType: 'instance' as const })),
        ),
      };
    });
    ec2(
      EC2.DescribeIamInstanceProfileAssociationsCommand,
      (input: EC2.DescribeIamInstanceProfileAssociationsCommandInput) => {
        const ids = filterValues(input, 'instance-id') ?? [];
        return {
          IamInstanceProfileAssociations: this.profileAssociations
            .filter((a) => ids.includes(a.instanceId))
            .map((a) => ({
              AssociationId: a.id,
              InstanceId: a.instanceId,
              State: a.state as EC2.IamInstanceProfileAssociationState,
              IamInstanceProfile: { Arn: a.profileArn, Id: 'AIPA0000' },
            })),
        };
      },
    );
    ec2(
      EC2.DisassociateIamInstanceProfileCommand,
      (input: EC2.DisassociateIamInstanceProfileCommandInput) => {
        const association = this.profileAssociations.find((a) => a.id === input.AssociationId);
        if (!association) throw awsError('InvalidAssociationID.NotFound', 'no such association');
        association.state = 'disassociated';
        this.profileOf.delete(association.instanceId);
        return {};
      },
    );
    ec2(EC2.AssociateIamInstanceProfileCommand, (input: EC2.AssociateIamInstanceProfileCommandInput) => {
      const id = this.newId('iip-assoc');
      this.profileAssociations.push({
        id,
        instanceId: input.InstanceId!,
        profileArn: input.IamInstanceProfile!.Arn!,
        state: 'associated',
      });
      this.profileOf.set(input.InstanceId!, input.IamInstanceProfile!.Arn!);
      return { IamInstanceProfileAssociation: { AssociationId: id } };
    });
    ec2(EC2.DescribeAddressesCommand, (input: EC2.DescribeAddressesCommandInput) => {
      const ids = filterValues(input, 'instance-id') ?? [];
      return { Addresses: this.eips.filter((a) => ids.includes(a.InstanceId ?? '')) };
    });
    ec2(EC2.DescribeRouteTablesCommand, (input: EC2.DescribeRouteTablesCommandInput) => {
      const vpcs = filterValues(input, 'vpc-id') ?? [];
      return { RouteTables: this.routeTables.filter((t) => vpcs.includes(t.VpcId ?? '')) };
    });
    ec2(EC2.DescribeNetworkAclsCommand, (input: EC2.DescribeNetworkAclsCommandInput) => {
      let found = [...this.nacls.values()];
      if (input.NetworkAclIds) found = found.filter((n) => input.NetworkAclIds!.includes(n.id));
      const vpcs = filterValues(input, 'vpc-id');
      if (vpcs) found = found.filter((n) => vpcs.includes(n.vpcId));
      return {
        NetworkAcls: found.map((n) => ({
          NetworkAclId: n.id,
          VpcId: n.vpcId,
          Associations: n.subnetIds.map((SubnetId) => ({ SubnetId, NetworkAclId: n.id })),
          Entries: structuredClone(n.entries),
        })),
      };
    });
    ec2(EC2.CreateNetworkAclEntryCommand, (input: EC2.CreateNetworkAclEntryCommandInput) => {
      const nacl = this.nacls.get(input.NetworkAclId!)!;
      if (nacl.entries.some((e) => e.RuleNumber === input.RuleNumber && e.Egress === input.Egress)) {
        throw awsError('NetworkAclEntryAlreadyExists', 'rule number in use');
      }
      nacl.entries.push({
        RuleNumber: input.RuleNumber,
        Protocol: input.Protocol,
        RuleAction: input.RuleAction,
        Egress: input.Egress,
        ...(input.CidrBlock && { CidrBlock: input.CidrBlock }),
        ...(input.Ipv6CidrBlock && { Ipv6CidrBlock: input.Ipv6CidrBlock }),
      });
      return {};
    });
    ec2(EC2.DeleteNetworkAclEntryCommand, (input: EC2.DeleteNetworkAclEntryCommandInput) => {
      const nacl = this.nacls.get(input.NetworkAclId!)!;
      nacl.entries = nacl.entries.filter(
        (e) => !(e.RuleNumber === input.RuleNumber && e.Egress === input.Egress),
      );
      return {};
    });
    ec2(EC2.CreateSnapshotsCommand, (input: EC2.CreateSnapshotsCommandInput) => {
      const instance = this.instanceOrThrow(input.InstanceSpecification!.InstanceId!);
      const tags: Record<string, string> = {};
      for (const tag of input.TagSpecifications?.[0]?.Tags ?? []) tags[tag.Key!] = tag.Value!;
      const made = instance.volumes.map((v) => ({
        id: this.newId('snap'),
        volumeId: v.id,
        tags: { ...tags },
      }));
      this.snapshots.push(...made);
      return { Snapshots: made.map((s) => ({ SnapshotId: s.id, VolumeId: s.volumeId })) };
    });
    ec2(EC2.DescribeSnapshotsCommand, (input: EC2.DescribeSnapshotsCommandInput) => {
      const filters = (input.Filters ?? []).filter((f) => f.Name?.startsWith('tag:'));
      const found = this.snapshots.filter((s) =>
        filters.every((f) => f.Values!.includes(s.tags[f.Name!.slice(4)] ?? '\u0000')),
      );
      return { Snapshots: found.map((s) => ({ SnapshotId: s.id, VolumeId: s.volumeId })) };
    });

    as(AS.DescribeAutoScalingInstancesCommand, (input: AS.DescribeAutoScalingInstancesCommandInput) => ({
      AutoScalingInstances: [...this.asgs.entries()].flatMap(([name, asg]) =>
        [...asg.members.entries()]
          .filter(([id]) => input.InstanceIds?.includes(id))
          .map(([InstanceId, LifecycleState]) => ({
            InstanceId,
            AutoScalingGroupName: name,
            LifecycleState,
            AvailabilityZone: 'eu-west-1a',
            HealthStatus: 'HEALTHY',
            ProtectedFromScaleIn: false,
          })),
      ),
    }));
    as(AS.DescribeAutoScalingGroupsCommand, (input: AS.DescribeAutoScalingGroupsCommandInput) => ({
      AutoScalingGroups: [...this.asgs.entries()]
        .filter(([name]) => input.AutoScalingGroupNames?.includes(name))
        .map(([name, asg]) => ({
          AutoScalingGroupName: name,
          DesiredCapacity: asg.desired,
          MinSize: asg.min,
          MaxSize: asg.max,
          TargetGroupARNs: asg.targetGroups,
          LoadBalancerNames: [],
          DefaultCooldown: 300,
          AvailabilityZones: ['eu-west-1a'],
          HealthCheckType: 'EC2',
          CreatedTime: new Date(0),
        })),
    }));
    const member = (input: { AutoScalingGroupName?: string; InstanceIds?: string[] }) => {
      const asg = this.asgs.get(input.AutoScalingGroupName!);
      if (!asg) throw awsError('ValidationError', 'no such group');
      return asg;
    };
    as(AS.EnterStandbyCommand, (input: AS.EnterStandbyCommandInput) => {
      const asg = member(input);
      for (const id of input.InstanceIds ?? []) {
        if (asg.members.get(id) !== 'InService') throw awsError('ValidationError', `${id} is not InService`);
        asg.members.set(id, 'Standby');
        if (input.ShouldDecrementDesiredCapacity) asg.desired -= 1;
      }
      return { Activities: [] };
    });
    as(AS.ExitStandbyCommand, (input: AS.ExitStandbyCommandInput) => {
      const asg = member(input);
      for (const id of input.InstanceIds ?? []) {
        asg.members.set(id, 'InService');
        asg.desired += 1;
      }
      return { Activities: [] };
    });
    as(AS.DetachInstancesCommand, (input: AS.DetachInstancesCommandInput) => {
      const asg = member(input);
      for (const id of input.InstanceIds ?? []) {
        asg.members.delete(id);
        if (input.ShouldDecrementDesiredCapacity) asg.desired -= 1;
      }
      return { Activities: [] };
    });
    as(AS.AttachInstancesCommand, (input: AS.AttachInstancesCommandInput) => {
      const asg = member(input);
      for (const id of input.InstanceIds ?? []) {
        asg.members.set(id, 'InService');
        asg.desired += 1;
      }
      return {};
    });
    as(AS.SetDesiredCapacityCommand, (input: AS.SetDesiredCapacityCommandInput) => {
      member(input).desired = input.DesiredCapacity!;
      return {};
    });

    iam(IAM.GetInstanceProfileCommand, (input: IAM.GetInstanceProfileCommandInput) => {
      const profile = this.iamProfiles.find((p) => p.name === input.InstanceProfileName);
      if (!profile) throw awsError('NoSuchEntity', 'no such profile', 404);
      return {
        InstanceProfile: {
          InstanceProfileName: profile.name,
          Arn: profile.arn,
          Path: '/',
          InstanceProfileId: 'AIPA0000',
          CreateDate: new Date(0),
          Roles: profile.role
            ? [
                {
                  RoleName: profile.role.name,
                  Arn: profile.role.arn,
                  Path: '/',
                  RoleId: 'AROA0000',
                  CreateDate: new Date(0),
                },
              ]
            : [],
        },
      };
    });
    iam(IAM.ListInstanceProfilesForRoleCommand, (input: IAM.ListInstanceProfilesForRoleCommandInput) => ({
      InstanceProfiles: this.iamProfiles
        .filter((p) => p.role?.name === input.RoleName)
        .map((p) => ({
          InstanceProfileName: p.name,
          Arn: p.arn,
          Path: '/',
          InstanceProfileId: 'AIPA0000',
          CreateDate: new Date(0),
          Roles: [],
        })),
      IsTruncated: false,
    }));
  }

  private instanceOrThrow(id: string): FakeInstance {
    const instance = this.instances.get(id);
    if (!instance) throw awsError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    return instance;
  }

  private tagsOf(id: string): Record<string, string> {
    const owner = this.instances.get(id) ?? this.enis.get(id) ?? this.groups.get(id);
    if (!owner) throw awsError('InvalidID', `no resource ${id}`);
    return owner.tags;
  }

  private instanceShape(i: FakeInstance): EC2.Instance {
    const profile = this.profileOf.get(i.id);
    return {
      InstanceId: i.id,
      State: { Name: i.state as EC2.InstanceStateName, Code: 16 },
      VpcId: i.vpcId,
      SubnetId: i.subnetId,
      InstanceType: i.type as never,
      Tags: tagList(i.tags),
      ...(profile && { IamInstanceProfile: { Arn: profile, Id: 'AIPA0000' } }),
      BlockDeviceMappings: i.volumes.map((v) => ({
        DeviceName: v.device,
        Ebs: { VolumeId: v.id, DeleteOnTermination: v.deleteOnTermination, Status: 'attached' },
      })),
    };
  }

  private eniShape(e: FakeEni): EC2.NetworkInterface {
    return {
      NetworkInterfaceId: e.id,
      InterfaceType: e.type === 'interface' ? 'interface' : e.type,
      VpcId: e.vpcId,
      SubnetId: e.subnetId,
      Groups: e.groups.map((id) => ({ GroupId: id, GroupName: this.groups.get(id)?.name ?? id })),
      PrivateIpAddress: e.privateIps[0],
      PrivateIpAddresses: e.privateIps.map((PrivateIpAddress, index) => ({
        PrivateIpAddress,
        Primary: index === 0,
      })),
      Ipv6Addresses: e.ipv6.map((Ipv6Address) => ({ Ipv6Address })),
      TagSet: tagList(e.tags),
      ...(e.attachedTo && {
        Attachment: { InstanceId: e.attachedTo, DeviceIndex: e.deviceIndex, AttachmentId: `attach-${e.id}` },
      }),
    };
  }
}

/** Original groups of the scenario's interfaces: every one different, so restore can be checked per interface. */
export const ORIGINAL = {
  'eni-01': ['sg-0aaa1', 'sg-0aaa2'],
  'eni-02': ['sg-0bbb1'],
  'eni-03': ['sg-0ccc1'],
  'eni-04': ['sg-0ddd1', 'sg-0ddd2'],
} as const;

export const ENI_IDS = ['eni-01', 'eni-02', 'eni-03', 'eni-04'] as const;

/**
 * i-0abc in vpc-1: eni-01 (primary, dual-stack), eni-02 (secondary), eni-03 (a trunk) and eni-04 (a branch of
 * eni-03, not attached to the instance); in web-asg (desired 3); two volumes; web-profile with role web-role,
 * which i-0other uses too. subnet-b leaves through a NAT gateway and an egress-only internet gateway.
 */
export function seedScenario(fake = new FakeAccount()): FakeAccount {
  for (const [id, name] of [
    ['sg-0aaa1', 'web'],
    ['sg-0aaa2', 'ssh'],
    ['sg-0bbb1', 'db'],
    ['sg-0ccc1', 'trunk'],
    ['sg-0ddd1', 'pod'],
    ['sg-0ddd2', 'pod-extra'],
  ] as const) {
    fake.groups.set(id, { id, vpcId: 'vpc-1', name, tags: {}, ingress: [], egress: [] });
  }
  fake.instances.set(INSTANCE, {
    id: INSTANCE,
    state: 'running',
    vpcId: 'vpc-1',
    subnetId: 'subnet-a',
    type: 'm5.large',
    tags: { Name: 'web-1', 'aws:autoscaling:groupName': 'web-asg' },
    terminationProtection: false,
    shutdown: 'terminate',
    volumes: [
      { id: 'vol-root', device: '/dev/xvda', deleteOnTermination: true },
      { id: 'vol-data', device: '/dev/xvdf', deleteOnTermination: true },
    ],
  });
  fake.instances.set('i-0other', {
    id: 'i-0other',
    state: 'running',
    vpcId: 'vpc-1',
    subnetId: 'subnet-a',
    type: 't3.micro',
    tags: {},
    terminationProtection: false,
    shutdown: 'stop',
    volumes: [],
  });
  fake.instances.set('i-0stopped', {
    ...fake.instances.get('i-0other')!,
    id: 'i-0stopped',
    state: 'stopped',
  });
  const eni = (e: Omit<FakeEni, 'tags'>) => fake.enis.set(e.id, { ...e, tags: {} });
  eni({
    id: 'eni-01',
    type: 'interface',
    vpcId: 'vpc-1',
    subnetId: 'subnet-a',
    groups: [...ORIGINAL['eni-01']],
    privateIps: ['10.0.1.10'],
    ipv6: ['2001:db8::10'],
    attachedTo: INSTANCE,
    deviceIndex: 0,
  });
  eni({
    id: 'eni-02',
    type: 'interface',
    vpcId: 'vpc-1',
    subnetId: 'subnet-b',
    groups: [...ORIGINAL['eni-02']],
    privateIps: ['10.0.2.20'],
    ipv6: [],
    attachedTo: INSTANCE,
    deviceIndex: 1,
  });
  eni({
    id: 'eni-03',
    type: 'trunk',
    vpcId: 'vpc-1',
    subnetId: 'subnet-b',
    groups: [...ORIGINAL['eni-03']],
    privateIps: ['10.0.2.30'],
    ipv6: [],
    attachedTo: INSTANCE,
    deviceIndex: 2,
  });
  eni({
    id: 'eni-04',
    type: 'branch',
    vpcId: 'vpc-1',
    subnetId: 'subnet-b',
    groups: [...ORIGINAL['eni-04']],
    privateIps: ['10.0.2.40'],
    ipv6: [],
  });
  eni({
    id: 'eni-99',
    type: 'branch',
    vpcId: 'vpc-1',
    subnetId: 'subnet-b',
    groups: ['sg-0ddd1'],
    privateIps: ['10.0.2.99'],
    ipv6: [],
  });
  fake.trunkAssociations.push(
    { id: 'trunk-assoc-1', trunk: 'eni-03', branch: 'eni-04' },
    { id: 'trunk-assoc-2', trunk: 'eni-someone-else', branch: 'eni-99' },
  );
  fake.profileAssociations.push({
    id: 'iip-assoc-1',
    instanceId: INSTANCE,
    profileArn: PROFILE_ARN,
    state: 'associated',
  });
  fake.profileOf.set(INSTANCE, PROFILE_ARN);
  fake.profileOf.set('i-0other', PROFILE_ARN);
  fake.profileOf.set('i-0stopped', PROFILE_ARN);
  fake.iamProfiles.push({
    name: 'web-profile',
    arn: PROFILE_ARN,
    role: { name: 'web-role', arn: `arn:aws:iam::${ACCOUNT}:role/web-role` },
  });
  fake.asgs.set('web-asg', {
    desired: 3,
    min: 1,
    max: 5,
    members: new Map([
      [INSTANCE, 'InService'],
      ['i-0def', 'InService'],
    ]),
    targetGroups: [],
  });
  fake.eips.push({
    PublicIp: '203.0.113.10',
    AllocationId: 'eipalloc-1',
    AssociationId: 'eipassoc-1',
    InstanceId: INSTANCE,
    NetworkInterfaceId: 'eni-01',
    PrivateIpAddress: '10.0.1.10',
  });
  fake.routeTables.push(
    {
      RouteTableId: 'rtb-main',
      VpcId: 'vpc-1',
      Associations: [{ Main: true }],
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' },
      ],
    },
    {
      RouteTableId: 'rtb-private',
      VpcId: 'vpc-1',
      Associations: [{ SubnetId: 'subnet-b', Main: false }],
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1', State: 'active' },
        { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-1', State: 'active' },
      ],
    },
  );
  fake.nacls.set('acl-1', {
    id: 'acl-1',
    vpcId: 'vpc-1',
    subnetIds: ['subnet-a', 'subnet-b'],
    entries: [
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 101, Protocol: '-1', RuleAction: 'allow', Egress: false, Ipv6CidrBlock: '::/0' },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
    ],
  });
  return fake;
}
