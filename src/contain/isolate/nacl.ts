import { CreateNetworkAclEntryCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../../aws/clients.js';
import type { StepDefinition } from '../step.js';
import { describeNetworkAcl } from './ec2-network.js';
import { type NewNaclEntry, newDenyEntries, type PlannedNaclDeny } from './nacl-rules.js';
import { stepId } from './step-ids.js';
import { attempt, dryRun, type Result } from './step-kit.js';

/**
 * Flows through a NAT gateway, transit gateway or endpoint stay tracked whatever the groups say; a network ACL
 * is stateless, so a deny for the instance's own addresses cuts them. `before` holds the addresses, which is
 * all restore needs to find and remove exactly these entries.
 */
export function naclDenyStep(deny: PlannedNaclDeny, clients: AwsClients): StepDefinition {
  const { ec2 } = clients;
  const command = (entry: NewNaclEntry, dry: boolean) =>
    new CreateNetworkAclEntryCommand({
      NetworkAclId: deny.aclId,
      RuleNumber: entry.ruleNumber,
      Protocol: '-1',
      RuleAction: 'deny',
      Egress: entry.egress,
      ...(entry.ipv6 ? { Ipv6CidrBlock: entry.cidr } : { CidrBlock: entry.cidr }),
      ...(dry && { DryRun: true }),
    });
  const before = { aclId: deny.aclId, cidrs: deny.cidrs };
  return {
    id: stepId.naclDeny(deny.aclId),
    title: `Deny the instance's addresses on network ACL ${deny.aclId}`,
    critical: true,
    dependsOn: [],
    run: (context) =>
      attempt(async (call): Promise<Result> => {
        // A dry run reads nothing (every EC2 call it makes carries DryRun), so it plans from what the preview saw.
        const entries = context.dryRun
          ? deny.entries
          : (await describeNetworkAcl(ec2, call, deny.aclId))?.entries;
        if (entries === undefined)
          throw new Error(`network ACL ${deny.aclId} was not returned by DescribeNetworkAcls`);
        const planned = newDenyEntries(entries, deny.cidrs);
        if ('reason' in planned) {
          return {
            status: 'failed',
            before,
            error: { code: 'NACL_NO_ROOM', message: `${deny.aclId}: ${planned.reason}.` },
          };
        }
        if (planned.entries.length === 0)
          return { status: 'done', before, after: { added: [] }, note: 'already denied' };
        if (context.dryRun) {
          const first = planned.entries[0]!;
          const result = await dryRun(call, `ec2:CreateNetworkAclEntry ${deny.aclId}`, () =>
            ec2.send(command(first, true)),
          );
          return { ...result, before };
        }
        // Distinct rule numbers, so the entries can go in together; whichever fail, the others stay recorded.
        const settled = await Promise.allSettled(
          planned.entries.map((entry) =>
            call(`ec2:CreateNetworkAclEntry ${deny.aclId} #${entry.ruleNumber}`, () =>
              ec2.send(command(entry, false)),
            ),
          ),
        );
        const added = planned.entries.filter((_, index) => settled[index]!.status === 'fulfilled');
        const failure = settled.find(
          (result): result is PromiseRejectedResult => result.status === 'rejected',
        );
        if (failure) throw failure.reason;
        return { status: 'done', before, after: { added } };
      }),
  };
}
