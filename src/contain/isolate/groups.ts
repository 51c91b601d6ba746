import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  type IpPermission,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { AwsCallError } from '../../aws/call.js';
import type { AwsClients } from '../../aws/clients.js';
import type { StepDefinition } from '../step.js';
import type { Caller } from './caller.js';
import { GROUP_DESCRIPTION, GROUP_NAME, NOTE, TAG } from './names.js';
import type { FirebreakGroupRole } from './observation.js';
import type { PlannedVpc } from './plan.js';
import { stepId } from './step-ids.js';
import { attempt, dryRun, planned, type Result } from './step-kit.js';

const ANY_IPV4 = '0.0.0.0/0';
const ANY_IPV6 = '::/0';

/**
 * The "untrack" group allows everything in and out, IPv4 and IPv6: moving an interface into it turns its
 * tracked flows into untracked ones, which the isolation group then cuts at once. If it cannot be made (an SCP
 * forbidding 0.0.0.0/0, say), the step does not fail: isolation goes ahead directly, with a note saying so.
 */
export function untrackGroupStep(vpc: PlannedVpc, clients: AwsClients): StepDefinition {
  return {
    id: stepId.untrackGroup(vpc.vpcId),
    title: `Find or create the untrack group in ${vpc.vpcId}`,
    critical: false,
    dependsOn: [],
    run: async (context) => {
      const outcome = await attempt(async (call): Promise<Result> => {
        if (context.dryRun) {
          if (vpc.untrackGroupId) return planned({ after: { groupId: vpc.untrackGroupId } });
          return dryRun(call, `ec2:CreateSecurityGroup ${GROUP_NAME.untrack} in ${vpc.vpcId}`, () =>
            clients.ec2.send(createCommand(vpc.vpcId, 'untrack', true)),
          );
        }
        const { group, created } = await findOrCreate(clients.ec2, call, vpc.vpcId, 'untrack');
        const groupId = group.GroupId!;
        const ingress = missingAllTraffic(created ? [] : (group.IpPermissions ?? []));
        // A new group comes with AWS's default egress rule: all IPv4. IPv6 must be added.
        const egress = missingAllTraffic(
          created ? [allTraffic([ANY_IPV4])] : (group.IpPermissionsEgress ?? []),
        );
        await Promise.all([
          ingress &&
            call(`ec2:AuthorizeSecurityGroupIngress ${groupId} all traffic`, () =>
              clients.ec2.send(
                new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [ingress] }),
              ),
            ),
          egress &&
            call(`ec2:AuthorizeSecurityGroupEgress ${groupId} all traffic`, () =>
              clients.ec2.send(
                new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [egress] }),
              ),
            ),
        ]);
        return {
          status: 'done',
          before: { existed: !created },
          after: { groupId, created },
          ...(created ? {} : { note: `reused ${groupId}` }),
        };
      });
      if (outcome.status !== 'failed') return outcome;
      return {
        status: 'skipped',
        note: `${NOTE.notCut}: the untrack group could not be made (${outcome.error?.code}); interfaces go straight to isolation`,
        requestIds: outcome.requestIds,
        ...(outcome.error && { error: outcome.error }),
        after: {},
      };
    },
  };
}

/** The isolation group: no ingress, and its default egress revoked, so nothing in or out. */
export function isolationGroupStep(vpc: PlannedVpc, clients: AwsClients): StepDefinition {
  return {
    id: stepId.isolationGroup(vpc.vpcId),
    title: `Find or create the isolation group in ${vpc.vpcId}`,
    critical: true,
    dependsOn: [],
    run: (context) =>
      attempt(async (call): Promise<Result> => {
        if (context.dryRun) {
          if (vpc.isolationGroupId) return planned({ after: { groupId: vpc.isolationGroupId } });
          return dryRun(call, `ec2:CreateSecurityGroup ${GROUP_NAME.isolation} in ${vpc.vpcId}`, () =>
            clients.ec2.send(createCommand(vpc.vpcId, 'isolation', true)),
          );
        }
        const { group, created } = await findOrCreate(clients.ec2, call, vpc.vpcId, 'isolation');
        const groupId = group.GroupId!;
        const ingress = created ? [] : (group.IpPermissions ?? []);
        const egress = created ? [allTraffic([ANY_IPV4])] : (group.IpPermissionsEgress ?? []);
        await Promise.all([
          ingress.length > 0 &&
            call(`ec2:RevokeSecurityGroupIngress ${groupId}`, () =>
              clients.ec2.send(
                new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: ingress }),
              ),
            ),
          egress.length > 0 &&
            ignoreMissingRule(
              call(`ec2:RevokeSecurityGroupEgress ${groupId}`, () =>
                clients.ec2.send(
                  new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: egress }),
                ),
              ),
            ),
        ]);
        const revoked = ingress.length + egress.length;
        return {
          status: 'done',
          before: { existed: !created },
          after: { groupId, created },
          ...(!created && {
            note: revoked > 0 ? `reused ${groupId}; removed rules someone had added` : `reused ${groupId}`,
          }),
        };
      }),
  };
}

function createCommand(vpcId: string, role: FirebreakGroupRole, dry: boolean): CreateSecurityGroupCommand {
  return new CreateSecurityGroupCommand({
    GroupName: GROUP_NAME[role],
    Description: GROUP_DESCRIPTION[role],
    VpcId: vpcId,
    TagSpecifications: [
      {
        ResourceType: 'security-group',
        Tags: [
          { Key: TAG.role, Value: role },
          { Key: 'Name', Value: GROUP_NAME[role] },
        ],
      },
    ],
    ...(dry && { DryRun: true }),
  });
}

async function findOrCreate(
  ec2: EC2Client,
  call: Caller,
  vpcId: string,
  role: FirebreakGroupRole,
): Promise<{ group: SecurityGroup; created: boolean }> {
  const tagged = await describeGroups(ec2, call, vpcId, { Name: `tag:${TAG.role}`, Values: [role] });
  if (tagged) return { group: tagged, created: false };
  try {
    const made = await call(`ec2:CreateSecurityGroup ${GROUP_NAME[role]} in ${vpcId}`, () =>
      ec2.send(createCommand(vpcId, role, false)),
    );
    return { group: { GroupId: made.GroupId!, VpcId: vpcId }, created: true };
  } catch (error) {
    // Another incident made it a moment ago (or its tag was removed): the name is unique per VPC, so take that one.
    if (!(error instanceof AwsCallError) || error.awsCode !== 'InvalidGroup.Duplicate') throw error;
    const named = await describeGroups(ec2, call, vpcId, { Name: 'group-name', Values: [GROUP_NAME[role]] });
    if (!named) throw error;
    await call(`ec2:CreateTags ${named.GroupId} ${TAG.role}=${role}`, () =>
      ec2.send(
        new CreateTagsCommand({ Resources: [named.GroupId!], Tags: [{ Key: TAG.role, Value: role }] }),
      ),
    );
    return { group: named, created: false };
  }
}

async function describeGroups(
  ec2: EC2Client,
  call: Caller,
  vpcId: string,
  filter: { Name: string; Values: string[] },
): Promise<SecurityGroup | undefined> {
  const found = await call(
    `ec2:DescribeSecurityGroups in ${vpcId} (${filter.Name}=${filter.Values.join(',')})`,
    () =>
      ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, filter] })),
  );
  return found.SecurityGroups?.find((group) => group.GroupId);
}

function allTraffic(v4: string[], v6: string[] = []): IpPermission {
  return {
    IpProtocol: '-1',
    ...(v4.length > 0 && { IpRanges: v4.map((CidrIp) => ({ CidrIp })) }),
    ...(v6.length > 0 && { Ipv6Ranges: v6.map((CidrIpv6) => ({ CidrIpv6 })) }),
  };
}

/** The all-traffic rule still to add, IPv4 and/or IPv6, or undefined when both are there. */
function missingAllTraffic(existing: readonly IpPermission[]): IpPermission | undefined {
  const all = existing.filter((permission) => permission.IpProtocol === '-1');
  const hasV4 = all.some((p) => p.IpRanges?.some((range) => range.CidrIp === ANY_IPV4));
  const hasV6 = all.some((p) => p.Ipv6Ranges?.some((range) => range.CidrIpv6 === ANY_IPV6));
  if (hasV4 && hasV6) return undefined;
  return allTraffic(hasV4 ? [] : [ANY_IPV4], hasV6 ? [] : [ANY_IPV6]);
}

/** Revoking a rule that is already gone is the state we want. */
async function ignoreMissingRule(pending: Promise<unknown>): Promise<unknown> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof AwsCallError && error.awsCode === 'InvalidPermission.NotFound') return undefined;
    throw error;
  }
}
