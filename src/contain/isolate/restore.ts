import type { AwsClients } from '../../aws/clients.js';
import type { StepDefinition } from '../step.js';
import { type DenyCidr, denyCidrsOf, isFirebreakDeny } from './nacl-rules.js';
import { decodeOriginalGroups, firebreakRoleOfName, TAG } from './names.js';
import type { ObservedInstance } from './observation.js';
import {
  type RecordedAsg,
  restoreAutoScalingStep,
  restoreProfileStep,
  restoreTagsStep,
} from './restore-instance.js';
import { restoreInterfaceStep, restoreNaclStep } from './restore-network.js';
import { interfaceOfStep, naclOfStep, stepId } from './step-ids.js';

export interface RecordedStep {
  id: string;
  status: string;
  before?: unknown;
}

export interface RestoreInput {
  /** The isolation action's step records; empty when the store was lost. */
  steps: readonly RecordedStep[];
  /** The instance as it is now (observeInstance), for the tags and entries a lost record cannot give. */
  observedNow: ObservedInstance;
}

/**
 * Undoes an isolation from what its steps recorded as `before`, falling back to what AWS itself carries (the
 * original-groups tag on each interface, Standby, the incident tag). Evidence settings (termination protection,
 * shutdown behaviour, kept volumes, snapshots) stay: they are undone at remediation, not at restore.
 *   restore:eni:<id>, restore:profile, restore:nacl:<acl>   (no dependencies)
 *   restore:asg   after every restore:eni and restore:profile (back into service only when whole again)
 *   restore:tags  after everything else
 */
export function restoreSteps(recorded: RestoreInput, clients: AwsClients): StepDefinition[] {
  const { steps, observedNow } = recorded;
  const instanceId = observedNow.instanceId;
  const before = (id: string): Record<string, unknown> | undefined => {
    const value = steps.find((step) => step.id === id)?.before;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  };

  const network: StepDefinition[] = [];
  for (const eniId of interfacesToRestore(steps, observedNow)) {
    const groups =
      recordedGroups(before(stepId.tagInterface(eniId)), observedNow) ??
      recordedGroups(before(stepId.untrackInterface(eniId)), observedNow) ??
      tagGroups(eniId, observedNow);
    network.push(restoreInterfaceStep(eniId, groups, clients));
  }
  for (const [aclId, cidrs] of naclsToRestore(steps, observedNow)) {
    const entries = observedNow.networkAcls.find((acl) => acl.id === aclId)?.entries ?? [];
    network.push(restoreNaclStep(aclId, cidrs, entries, clients));
  }

  const recordedArn = before(stepId.profile)?.profileArn;
  const profileArn = typeof recordedArn === 'string' ? recordedArn : observedNow.tags[TAG.originalProfile];
  const profile =
    typeof profileArn === 'string' ? restoreProfileStep(instanceId, profileArn, clients) : undefined;

  const asgRecord = recordedAsg(before(stepId.autoScaling), observedNow);
  const whole = [
    ...network.filter((s) => s.id.startsWith('restore:eni:')),
    ...(profile ? [profile] : []),
  ].map((s) => s.id);
  const asg = asgRecord ? restoreAutoScalingStep(instanceId, asgRecord, whole, clients) : undefined;

  const all = [...network, ...(profile ? [profile] : []), ...(asg ? [asg] : [])];
  const tagsRecord = before(stepId.instanceTags);
  const tagged = observedNow.tags[TAG.incident] !== undefined;
  if (tagsRecord !== undefined || tagged) {
    const previous = stringRecord(tagsRecord?.tags);
    all.push(
      restoreTagsStep(
        instanceId,
        previous,
        all.map((s) => s.id),
        clients,
      ),
    );
  }
  return all;
}

function interfacesToRestore(steps: readonly RecordedStep[], observedNow: ObservedInstance): string[] {
  const ids = new Set<string>();
  for (const step of steps) {
    const eniId = interfaceOfStep(step.id);
    if (eniId !== undefined && step.before !== undefined) ids.add(eniId);
  }
  for (const eni of observedNow.interfaces) {
    const touched =
      decodeOriginalGroups(eni.tags) !== undefined ||
      eni.groups.some(
        (group) => firebreakIds(observedNow).has(group) || firebreakRoleOfName(eni.groupNames[group]),
      );
    if (touched) ids.add(eni.id);
  }
  return [...ids];
}

function firebreakIds(observedNow: ObservedInstance): Set<string> {
  return new Set(observedNow.firebreakGroups.map((group) => group.groupId));
}

/** Groups from a step's `before`, unless they are Firebreak's own (a resumed step saw the interface already moved). */
function recordedGroups(
  before: Record<string, unknown> | undefined,
  observedNow: ObservedInstance,
): string[] | undefined {
  const groups = before?.groups;
  if (!Array.isArray(groups) || groups.length === 0 || !groups.every((g) => typeof g === 'string'))
    return undefined;
  const ours = firebreakIds(observedNow);
  return groups.some((group) => ours.has(group)) ? undefined : (groups as string[]);
}

function tagGroups(eniId: string, observedNow: ObservedInstance): string[] | undefined {
  const eni = observedNow.interfaces.find((candidate) => candidate.id === eniId);
  return eni === undefined ? undefined : decodeOriginalGroups(eni.tags);
}

function naclsToRestore(
  steps: readonly RecordedStep[],
  observedNow: ObservedInstance,
): Map<string, DenyCidr[]> {
  const acls = new Map<string, DenyCidr[]>();
  for (const step of steps) {
    const aclId = naclOfStep(step.id);
    const cidrs = (step.before as { cidrs?: unknown } | undefined)?.cidrs;
    if (aclId !== undefined && Array.isArray(cidrs)) acls.set(aclId, cidrs.filter(isDenyCidr));
  }
  if (steps.length > 0) return acls;
  // No record at all: the only trace is an all-protocol deny for the instance's own addresses.
  const addresses = observedNow.interfaces.flatMap(denyCidrsOf);
  for (const acl of observedNow.networkAcls) {
    const found = addresses.filter((deny) =>
      acl.entries.some((entry) => isFirebreakDeny(entry, deny.cidr, entry.egress)),
    );
    if (found.length > 0) acls.set(acl.id, found);
  }
  return acls;
}

function isDenyCidr(value: unknown): value is DenyCidr {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as DenyCidr).cidr === 'string' &&
    typeof (value as DenyCidr).ipv6 === 'boolean'
  );
}

function recordedAsg(
  before: Record<string, unknown> | undefined,
  observedNow: ObservedInstance,
): RecordedAsg | undefined {
  if (before && typeof before.groupName === 'string') {
    return {
      groupName: before.groupName,
      ...(typeof before.desiredCapacity === 'number' && { desiredCapacity: before.desiredCapacity }),
      mode: before.mode === 'detach' ? 'detach' : 'standby',
    };
  }
  // Without a record, Standby on an instance carrying the incident tag is ours; ExitStandby alone undoes it.
  if (observedNow.asg?.lifecycleState === 'Standby' && observedNow.tags[TAG.incident] !== undefined) {
    return { groupName: observedNow.asg.groupName, mode: 'standby' };
  }
  return undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
