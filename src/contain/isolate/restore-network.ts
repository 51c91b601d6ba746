import { DeleteNetworkAclEntryCommand, DeleteTagsCommand } from '@aws-sdk/client-ec2';
import { AwsCallError } from '../../aws/call.js';
import type { AwsClients } from '../../aws/clients.js';
import { FirebreakError } from '../../errors.js';
import type { StepDefinition } from '../step.js';
import { describeInterface } from './ec2-interfaces.js';
import { describeNetworkAcl } from './ec2-network.js';
import { modify } from './interfaces.js';
import { type DenyCidr, isFirebreakDeny } from './nacl-rules.js';
import { decodeOriginalGroups, originalGroupsKeys, sameGroups, TAG } from './names.js';
import type { NaclEntry } from './observation.js';
import { restoreStepId } from './step-ids.js';
import { attempt, dryRun, type Result } from './step-kit.js';

/**
 * Back to the interface's OWN groups: the record's, else its tag (read again now, for a restore without the
 * store). The tag goes once the groups are back.
 */
export function restoreInterfaceStep(
  eniId: string,
  recorded: string[] | undefined,
  clients: AwsClients,
): StepDefinition {
  const { ec2 } = clients;
  return {
    id: restoreStepId.interface(eniId),
    title: `Return ${eniId} to its original security groups`,
    critical: true,
    dependsOn: [],
    run: (context) =>
      attempt(async (call): Promise<Result> => {
        if (context.dryRun) {
          if (recorded === undefined) throw noRecord(eniId);
          return dryRun(call, `ec2:ModifyNetworkInterfaceAttribute ${eniId}`, () =>
            modify(clients, eniId, recorded, true),
          );
        }
        let live: Awaited<ReturnType<typeof describeInterface>>;
        try {
          live = await describeInterface(ec2, call, eniId);
        } catch (error) {
          if (error instanceof AwsCallError && error.code === 'AWS_NOT_FOUND') {
            return {
              status: 'skipped',
              note: `${eniId} no longer exists (a deleted branch or detached interface)`,
            };
          }
          throw error;
        }
        const original = recorded ?? decodeOriginalGroups(live.tags);
        if (original === undefined) throw noRecord(eniId);
        const before = { groups: live.groups };
        const moved = !sameGroups(live.groups, original);
        if (moved) {
          await call(`ec2:ModifyNetworkInterfaceAttribute ${eniId} → ${original.join(',')}`, () =>
            modify(clients, eniId, original, false),
          );
        }
        const keys = originalGroupsKeys(live.tags);
        if (keys.length > 0) {
          await call(`ec2:DeleteTags ${eniId} ${TAG.originalGroups}`, () =>
            ec2.send(new DeleteTagsCommand({ Resources: [eniId], Tags: keys.map((Key) => ({ Key })) })),
          );
        }
        return {
          status: 'done',
          before,
          after: { groups: original },
          ...(!moved && { note: 'already in its original groups' }),
        };
      }),
  };
}

function noRecord(eniId: string): FirebreakError {
  return new FirebreakError(
    'RESTORE_NO_RECORD',
    `Neither the action record nor a ${TAG.originalGroups} tag says which groups ${eniId} had; set them by hand.`,
  );
}

/** Removes exactly the denies isolation added: all-protocol denies for the recorded addresses. */
export function restoreNaclStep(
  aclId: string,
  cidrs: readonly DenyCidr[],
  observedEntries: readonly NaclEntry[],
  clients: AwsClients,
): StepDefinition {
  const { ec2 } = clients;
  const ours = (entries: readonly NaclEntry[]) =>
    entries.filter((entry) => cidrs.some((deny) => isFirebreakDeny(entry, deny.cidr, entry.egress)));
  const command = (entry: NaclEntry, dry: boolean) =>
    new DeleteNetworkAclEntryCommand({
      NetworkAclId: aclId,
      RuleNumber: entry.ruleNumber,
      Egress: entry.egress,
      ...(dry && { DryRun: true }),
    });
  return {
    id: restoreStepId.nacl(aclId),
    title: `Remove Firebreak's deny entries from network ACL ${aclId}`,
    critical: true,
    dependsOn: [],
    run: (context) =>
      attempt(async (call): Promise<Result> => {
        const entries = ours(
          context.dryRun ? observedEntries : ((await describeNetworkAcl(ec2, call, aclId))?.entries ?? []),
        );
        if (entries.length === 0)
          return { status: 'done', after: { removed: [] }, note: 'no deny entries left' };
        if (context.dryRun)
          return dryRun(call, `ec2:DeleteNetworkAclEntry ${aclId}`, () =>
            ec2.send(command(entries[0]!, true)),
          );
        await Promise.all(
          entries.map((entry) =>
            call(`ec2:DeleteNetworkAclEntry ${aclId} #${entry.ruleNumber}`, () =>
              ec2.send(command(entry, false)),
            ),
          ),
        );
        return {
          status: 'done',
          before: { entries },
          after: { removed: entries.map((e) => ({ ruleNumber: e.ruleNumber, egress: e.egress })) },
        };
      }),
  };
}
