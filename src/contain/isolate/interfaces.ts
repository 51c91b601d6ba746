import {
  CreateTagsCommand,
  DeleteTagsCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '../../aws/clients.js';
import { FirebreakError, isFirebreakError } from '../../errors.js';
import type { StepContext, StepDefinition } from '../step.js';
import { describeInterface } from './ec2-interfaces.js';
import {
  decodeOriginalGroups,
  firebreakRoleOfName,
  NOTE,
  originalGroupsKeys,
  originalGroupsTags,
  sameGroups,
  TAG,
} from './names.js';
import type { FirebreakGroupRole, ObservedInterface } from './observation.js';
import type { IsolationPlan, PlannedInterface } from './plan.js';
import { stepId } from './step-ids.js';
import { afterField, attempt, dryRun, isString, type Result } from './step-kit.js';

/**
 * First, each interface's own groups go into a tag on the interface, so that restore works even if the
 * action record is lost. It never records a Firebreak group as "original": a resumed run keeps the tag.
 */
export function tagInterfaceStep(
  eni: PlannedInterface,
  plan: IsolationPlan,
  clients: AwsClients,
): StepDefinition {
  const { ec2 } = clients;
  return {
    id: stepId.tagInterface(eni.id),
    title: `Record the groups of ${eni.id} in its ${TAG.originalGroups} tag`,
    critical: true,
    dependsOn: [],
    run: (context) =>
      attempt(async (call): Promise<Result> => {
        if (context.dryRun) {
          const groups = eni.originalGroups ?? eni.groups;
          const result = await dryRun(call, `ec2:CreateTags ${eni.id}`, () =>
            ec2.send(
              new CreateTagsCommand({ Resources: [eni.id], Tags: originalGroupsTags(groups), DryRun: true }),
            ),
          );
          return { ...result, before: { groups } };
        }
        const live = await describeInterface(ec2, call, eni.id);
        const tagged = decodeOriginalGroups(live.tags);
        const moved = live.groups.some((group) => roleOf(live, group, plan, context) !== undefined);
        const original = moved ? (tagged ?? eni.originalGroups) : live.groups;
        if (original === undefined) {
          return {
            status: 'done',
            before: { groups: live.groups },
            note: `already in a Firebreak group, with no ${TAG.originalGroups} tag and no record: its original groups are unknown`,
          };
        }
        if (tagged !== undefined && sameGroups(tagged, original)) {
          return { status: 'done', before: { groups: original }, note: 'original groups already tagged' };
        }
        const tags = originalGroupsTags(original);
        await call(`ec2:CreateTags ${eni.id} ${TAG.originalGroups}`, () =>
          ec2.send(new CreateTagsCommand({ Resources: [eni.id], Tags: tags })),
        );
        // A shorter list must not leave a stale continuation tag behind.
        const stale = originalGroupsKeys(live.tags).filter((key) => !tags.some((tag) => tag.Key === key));
        if (stale.length > 0) {
          await call(`ec2:DeleteTags ${eni.id} stale ${TAG.originalGroups}`, () =>
            ec2.send(new DeleteTagsCommand({ Resources: [eni.id], Tags: stale.map((Key) => ({ Key })) })),
          );
        }
        return { status: 'done', before: { groups: original }, after: { tags } };
      }),
  };
}

/** Every interface, tracked flows included: into the allow-all group first, so its flows become untracked. */
export function untrackInterfaceStep(
  eni: PlannedInterface,
  plan: IsolationPlan,
  clients: AwsClients,
): StepDefinition {
  const groupStep = stepId.untrackGroup(eni.vpcId);
  return {
    id: stepId.untrackInterface(eni.id),
    title: `Move ${eni.id} to the untrack group`,
    critical: true,
    dependsOn: [stepId.tagInterface(eni.id), groupStep],
    run: (context) =>
      attempt(async (call): Promise<Result> => {
        const untrackId = afterField(context.results.get(groupStep), 'groupId', isString);
        if (untrackId === undefined && (!context.dryRun || context.results.get(groupStep)?.error)) {
          return { status: 'skipped', note: NOTE.notCut };
        }
        if (context.dryRun) {
          // Before the group exists, the interface's own groups still test the permission on the interface.
          return dryRun(call, `ec2:ModifyNetworkInterfaceAttribute ${eni.id}`, () =>
            modify(clients, eni.id, untrackId ? [untrackId] : eni.groups, true),
          );
        }
        const live = await describeInterface(clients.ec2, call, eni.id);
        if (sameGroups(live.groups, [untrackId!])) {
          return {
            status: 'done',
            before: { groups: live.groups },
            after: { groups: live.groups },
            note: 'already in the untrack group',
          };
        }
        // A crash after isolation must not send an isolated interface back to allow-all.
        if (live.groups.length === 1 && roleOf(live, live.groups[0]!, plan, context) === 'isolation') {
          return {
            status: 'done',
            before: { groups: live.groups },
            after: { groups: live.groups },
            note: 'already isolated',
          };
        }
        await call(`ec2:ModifyNetworkInterfaceAttribute ${eni.id} → ${untrackId}`, () =>
          modify(clients, eni.id, [untrackId!], false),
        );
        return { status: 'done', before: { groups: live.groups }, after: { groups: [untrackId] } };
      }),
  };
}

/** At once into the group with no rules at all. */
export function isolateInterfaceStep(eni: PlannedInterface, clients: AwsClients): StepDefinition {
  const groupStep = stepId.isolationGroup(eni.vpcId);
  const untrackStep = stepId.untrackInterface(eni.id);
  return {
    id: stepId.isolateInterface(eni.id),
    title: `Move ${eni.id} to the isolation group`,
    critical: true,
    dependsOn: [untrackStep, groupStep],
    run: (context) =>
      attempt(async (call): Promise<Result> => {
        const isolationId = afterField(context.results.get(groupStep), 'groupId', isString);
        const notCut = context.results.get(untrackStep)?.note === NOTE.notCut ? { note: NOTE.notCut } : {};
        if (context.dryRun) {
          const result = await dryRun(call, `ec2:ModifyNetworkInterfaceAttribute ${eni.id}`, () =>
            modify(clients, eni.id, isolationId ? [isolationId] : eni.groups, true),
          );
          return { ...result, ...notCut };
        }
        if (isolationId === undefined)
          throw new Error(`the isolation group step recorded no group id for ${eni.vpcId}`);
        const live = await describeInterface(clients.ec2, call, eni.id);
        if (sameGroups(live.groups, [isolationId])) {
          return {
            status: 'done',
            before: { groups: live.groups },
            after: { groups: live.groups },
            note: 'already isolated',
          };
        }
        try {
          await call(`ec2:ModifyNetworkInterfaceAttribute ${eni.id} → ${isolationId}`, () =>
            modify(clients, eni.id, [isolationId], false),
          );
        } catch (error) {
          // Left in the allow-all group, the interface is more open than before: say so where it will be read.
          const untrackId = afterField(
            context.results.get(stepId.untrackGroup(eni.vpcId)),
            'groupId',
            isString,
          );
          if (isFirebreakError(error) && untrackId !== undefined && sameGroups(live.groups, [untrackId])) {
            throw new FirebreakError(
              error.code,
              `${error.message} ${eni.id} is still in the untrack group, which allows all traffic: resume now, or restore.`,
              { cause: error },
            );
          }
          throw error;
        }
        return {
          status: 'done',
          before: { groups: live.groups },
          after: { groups: [isolationId] },
          ...notCut,
        };
      }),
  };
}

export function modify(clients: AwsClients, eniId: string, groups: string[], dry: boolean) {
  return clients.ec2.send(
    new ModifyNetworkInterfaceAttributeCommand({
      NetworkInterfaceId: eniId,
      Groups: groups,
      ...(dry && { DryRun: true }),
    }),
  );
}

/** Which Firebreak group this is, if any: by the id a group step found, the plan's, or the name. */
function roleOf(
  live: ObservedInterface,
  groupId: string,
  plan: IsolationPlan,
  context: StepContext,
): FirebreakGroupRole | undefined {
  const vpc = plan.vpcs.find((candidate) => candidate.vpcId === live.vpcId);
  const found = (id: string) => afterField(context.results.get(id), 'groupId', isString);
  if (groupId === vpc?.isolationGroupId || groupId === found(stepId.isolationGroup(live.vpcId)))
    return 'isolation';
  if (groupId === vpc?.untrackGroupId || groupId === found(stepId.untrackGroup(live.vpcId))) return 'untrack';
  return firebreakRoleOfName(live.groupNames[groupId]);
}
