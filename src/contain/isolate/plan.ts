import { type PlannedNaclDeny, planNaclDenies } from './nacl-rules.js';
import { decodeOriginalGroups, firebreakRoleOfName, TAG } from './names.js';
import type {
  FirebreakGroupRole,
  InterfaceType,
  ObservedInstance,
  ObservedInterface,
  ObservedRole,
  ObservedVolume,
} from './observation.js';
import { canonicalJson, sha256Hex } from './plan-hash.js';
import { summaryLines } from './summary.js';

export type AsgMode = 'standby' | 'detach';

export interface IsolationOptions {
  /** The instance Firebreak itself runs on, when it runs on EC2. */
  botInstanceId?: string;
  asgMode: AsgMode;
  snapshots: boolean;
  /** Also deny the instance's addresses on its subnets' network ACLs (for flows that stay tracked). */
  naclDeny: boolean;
}

export interface Refusal {
  code: 'INSTANCE_PROTECTED' | 'BOT_HOST' | 'INSTANCE_TERMINATED';
  message: string;
}

export interface PlannedInterface {
  id: string;
  type: InterfaceType;
  vpcId: string;
  subnetId: string;
  trunkId?: string;
  /** The groups it has now. */
  groups: string[];
  /** What restore returns it to: its groups now, or its tag when it already sits in a Firebreak group. */
  originalGroups?: string[];
  alreadyIsolated: boolean;
}

export interface PlannedVpc {
  vpcId: string;
  untrackGroupId?: string;
  isolationGroupId?: string;
}

export interface IsolationPlan {
  instanceId: string;
  refusal?: Refusal;
  warnings: string[];
  /** Preview lines; they carry tag values, so the Slack renderer escapes them. */
  summary: string[];
  /** sha256 of the facts the plan depends on; a changed hash at confirmation means a fresh preview. */
  planHash: string;
  options: IsolationOptions;
  vpcs: PlannedVpc[];
  interfaces: PlannedInterface[];
  naclDenies: PlannedNaclDeny[];
  asg?: { groupName: string; desiredCapacity: number; lifecycleState: string };
  profileAssociation?: { associationId: string; profileArn: string };
  role?: ObservedRole;
  otherInstancesUsingRole: string[];
  volumes: ObservedVolume[];
  /** State before, for the record (each step also records what it finds when it runs). */
  before: {
    terminationProtection: boolean;
    shutdownBehaviour: string;
    tags: Record<string, string>;
  };
}

const GONE_STATES = new Set(['terminated', 'shutting-down']);

export function planIsolation(observed: ObservedInstance, options: IsolationOptions): IsolationPlan {
  const vpcs = plannedVpcs(observed);
  const interfaces = observed.interfaces.map((eni) => plannedInterface(eni, observed));
  const nacl = options.naclDeny
    ? planNaclDenies(observed.networkAcls, observed.interfaces)
    : { denies: [], unknownSubnets: [] };
  const plan: IsolationPlan = {
    instanceId: observed.instanceId,
    warnings: [],
    summary: [],
    planHash: planHashOf(observed),
    options,
    vpcs,
    interfaces,
    naclDenies: nacl.denies,
    ...(observed.asg && {
      asg: {
        groupName: observed.asg.groupName,
        desiredCapacity: observed.asg.desiredCapacity,
        lifecycleState: observed.asg.lifecycleState,
      },
    }),
    ...(observed.profileAssociation && {
      profileAssociation: {
        associationId: observed.profileAssociation.associationId,
        profileArn: observed.profileAssociation.profileArn,
      },
    }),
    ...(observed.role && { role: observed.role }),
    otherInstancesUsingRole: observed.otherInstancesUsingRole,
    volumes: observed.volumes,
    before: {
      terminationProtection: observed.terminationProtection,
      shutdownBehaviour: observed.shutdownBehaviour,
      tags: observed.tags,
    },
  };
  const refusal = refusalFor(observed, options);
  if (refusal) plan.refusal = refusal;
  plan.warnings = warningsFor(observed, plan, nacl.unknownSubnets);
  plan.summary = summaryLines(observed, plan);
  return plan;
}

function refusalFor(observed: ObservedInstance, options: IsolationOptions): Refusal | undefined {
  const id = observed.instanceId;
  if (options.botInstanceId !== undefined && options.botInstanceId === id) {
    return {
      code: 'BOT_HOST',
      message: `${id} is the host Firebreak runs on; isolating it would cut the responders off. Contain it from another tool.`,
    };
  }
  if (GONE_STATES.has(observed.state)) {
    return {
      code: 'INSTANCE_TERMINATED',
      message: `${id} is ${observed.state}; there is nothing left to isolate. Its volumes and snapshots may still hold evidence.`,
    };
  }
  if (observed.tags[TAG.protected] !== undefined) {
    return {
      code: 'INSTANCE_PROTECTED',
      message: `${id} is tagged ${TAG.protected}, so Firebreak will not contain it. Someone allowed to change that tag must remove it first.`,
    };
  }
  return undefined;
}

/** Only what the steps act on: instance, interfaces and their groups, profile association, ASG membership. */
export function planHashOf(observed: ObservedInstance): string {
  const facts = {
    instanceId: observed.instanceId,
    interfaces: observed.interfaces
      .map((eni) => ({ id: eni.id, groups: [...eni.groups].sort() }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    profileAssociation: observed.profileAssociation
      ? {
          associationId: observed.profileAssociation.associationId,
          profileArn: observed.profileAssociation.profileArn,
        }
      : null,
    asg: observed.asg?.groupName ?? null,
  };
  return sha256Hex(canonicalJson(facts));
}

function plannedVpcs(observed: ObservedInstance): PlannedVpc[] {
  const ids = [...new Set(observed.interfaces.map((eni) => eni.vpcId))];
  const known = (vpcId: string, role: FirebreakGroupRole) =>
    observed.firebreakGroups.find((group) => group.vpcId === vpcId && group.role === role)?.groupId;
  return ids.map((vpcId) => {
    const untrackGroupId = known(vpcId, 'untrack');
    const isolationGroupId = known(vpcId, 'isolation');
    return {
      vpcId,
      ...(untrackGroupId && { untrackGroupId }),
      ...(isolationGroupId && { isolationGroupId }),
    };
  });
}

/** The Firebreak role of one of an interface's groups, by tag-found id or by name. */
export function firebreakRoleOf(
  observed: Pick<ObservedInstance, 'firebreakGroups'>,
  eni: ObservedInterface,
  groupId: string,
): FirebreakGroupRole | undefined {
  return (
    observed.firebreakGroups.find((group) => group.vpcId === eni.vpcId && group.groupId === groupId)?.role ??
    firebreakRoleOfName(eni.groupNames[groupId])
  );
}

function plannedInterface(eni: ObservedInterface, observed: ObservedInstance): PlannedInterface {
  const roles = eni.groups.map((group) => firebreakRoleOf(observed, eni, group));
  const inFirebreakGroup = roles.some((role) => role !== undefined);
  const originalGroups = inFirebreakGroup ? decodeOriginalGroups(eni.tags) : eni.groups;
  return {
    id: eni.id,
    type: eni.type,
    vpcId: eni.vpcId,
    subnetId: eni.subnetId,
    ...(eni.trunkId && { trunkId: eni.trunkId }),
    groups: eni.groups,
    ...(originalGroups && { originalGroups }),
    alreadyIsolated: roles.length === 1 && roles[0] === 'isolation',
  };
}

function warningsFor(
  observed: ObservedInstance,
  plan: IsolationPlan,
  unknownNaclSubnets: string[],
): string[] {
  const warnings = [...observed.warnings];
  for (const subnet of observed.routes) warnings.push(...subnet.warnings);
  const asg = observed.asg;
  if (asg && (asg.targetGroupArns.length > 0 || asg.loadBalancerNames.length > 0)) {
    warnings.push(
      `${observed.instanceId} receives load balancer traffic through ${asg.groupName}: flows through a Network or Gateway Load Balancer stay tracked after the swap; add a network ACL deny or stop the instance.`,
    );
  }
  if (
    asg &&
    plan.options.asgMode === 'standby' &&
    asg.lifecycleState !== 'InService' &&
    asg.lifecycleState !== 'Standby'
  ) {
    warnings.push(
      `${observed.instanceId} is ${asg.lifecycleState} in ${asg.groupName}; EnterStandby works only from InService, so that evidence step may fail (the network cut does not wait for it).`,
    );
  }
  if (observed.state === 'stopped' || observed.state === 'stopping') {
    warnings.push(
      `${observed.instanceId} is ${observed.state}; its interfaces are isolated all the same, so a restart stays cut off.`,
    );
  }
  for (const eni of plan.interfaces) {
    if (eni.alreadyIsolated)
      warnings.push(`${eni.id} is already in the isolation group; it will not be moved again.`);
    if (eni.originalGroups === undefined) {
      warnings.push(
        `${eni.id} sits in a Firebreak group but carries no ${TAG.originalGroups} tag: restore cannot know its original groups.`,
      );
    }
  }
  for (const subnetId of unknownNaclSubnets) {
    warnings.push(`No network ACL was found for ${subnetId}; no deny entries can be added there.`);
  }
  return [...new Set(warnings)];
}
