import type { AwsClients } from '../../aws/clients.js';
import { isFirebreakError } from '../../errors.js';
import { describeGroup, membershipOf } from './autoscaling.js';
import { plainCaller } from './caller.js';
import {
  describeInstance,
  profileAssociationOf,
  shutdownBehaviourOf,
  terminationProtectionOf,
  volumesOf,
} from './ec2-instance.js';
import { describeAttached, describeBranches } from './ec2-interfaces.js';
import { elasticIpsOf, firebreakGroupsOf, networkAclsOf, routeTablesOf } from './ec2-network.js';
import { otherInstancesUsingRole, roleOfProfile } from './iam-role.js';
import { tagMap } from './names.js';
import type { ObservedInstance, ObservedInterface, ObservedRole } from './observation.js';
import { subnetRoutes } from './routes.js';

/**
 * Reads the blast radius of isolating one instance. Every read starts as soon as what it needs is known, so the
 * wall time is the longest chain (instance → profile → role → its other instances), not the sum of the calls.
 * Throws AwsCallError; AWS_NOT_FOUND names the instance. IAM reads that fail become warnings: the network cut
 * does not need them.
 */
export async function observeInstance(clients: AwsClients, instanceId: string): Promise<ObservedInstance> {
  const { ec2, autoScaling, iam } = clients;
  const call = plainCaller;
  const where = clients.account ? `account ${clients.account}, ${clients.region}` : clients.region;

  const instance = describeInstance(ec2, call, instanceId, where);
  const attached = describeAttached(ec2, call, instanceId);
  const terminationProtection = terminationProtectionOf(ec2, call, instanceId);
  const shutdownBehaviour = shutdownBehaviourOf(ec2, call, instanceId);
  const association = profileAssociationOf(ec2, call, instanceId);
  const eips = elasticIpsOf(ec2, call, instanceId);
  const asg = membershipOf(autoScaling, call, instanceId).then((member) =>
    member === undefined ? undefined : describeGroup(autoScaling, call, member),
  );

  const branches = attached.then((enis) => {
    const trunks = enis.filter((eni) => eni.type === 'trunk').map((eni) => eni.id);
    return trunks.length === 0 ? [] : describeBranches(ec2, call, trunks);
  });
  const vpcIds = Promise.all([instance, attached]).then(([found, enis]) =>
    unique([...enis.map((eni) => eni.vpcId), ...(found.VpcId ? [found.VpcId] : [])]),
  );
  const routeTables = vpcIds.then((ids) => routeTablesOf(ec2, call, ids));
  const networkAcls = vpcIds.then((ids) => networkAclsOf(ec2, call, ids));
  const firebreakGroups = vpcIds.then((ids) => firebreakGroupsOf(ec2, call, ids));

  const warnings: string[] = [];
  const role = association.then(async (live) => {
    if (live === undefined) return { role: undefined, others: [] as string[] };
    try {
      const found = await roleOfProfile(iam, call, live.profileArn);
      const others = found ? await otherInstancesUsingRole(iam, ec2, call, found.name, instanceId) : [];
      return { role: found, others };
    } catch (error) {
      if (!isFirebreakError(error)) throw error;
      warnings.push(
        `The role behind ${live.profileArn} could not be read (${error.code}); other instances using it are unknown.`,
      );
      return { role: undefined as ObservedRole | undefined, others: [] as string[] };
    }
  });

  const all = Promise.all([
    instance,
    attached,
    branches,
    terminationProtection,
    shutdownBehaviour,
    association,
    eips,
    asg,
    routeTables,
    networkAcls,
    firebreakGroups,
    role,
  ]);
  const [
    found,
    attachedEnis,
    branchEnis,
    protection,
    shutdown,
    live,
    addresses,
    group,
    tables,
    acls,
    groups,
    roleFacts,
  ] = await all.catch(async (error: unknown) => {
    // Several reads fail for an unknown instance; whichever lost the race, report the one that names it.
    if (isFirebreakError(error) && error.code === 'AWS_NOT_FOUND') await instance;
    throw error;
  });

  const interfaces: ObservedInterface[] = [...attachedEnis, ...branchEnis];
  const tags = tagMap(found.Tags);
  const subnets = unique(interfaces.map((eni) => `${eni.vpcId} ${eni.subnetId}`));
  return {
    instanceId,
    ...(tags.Name !== undefined && { name: tags.Name }),
    state: found.State?.Name ?? 'unknown',
    ...(found.VpcId && { vpcId: found.VpcId }),
    ...(found.SubnetId && { subnetId: found.SubnetId }),
    ...(found.InstanceType && { instanceType: found.InstanceType }),
    tags,
    terminationProtection: protection,
    shutdownBehaviour: shutdown,
    interfaces,
    ...(group && { asg: group }),
    ...(live && { profileAssociation: live }),
    ...(roleFacts.role && { role: roleFacts.role }),
    otherInstancesUsingRole: roleFacts.others,
    volumes: volumesOf(found),
    eips: addresses,
    routes: subnets.map((key) => {
      const [vpcId, subnetId] = key.split(' ') as [string, string];
      return subnetRoutes(tables, subnetId, vpcId);
    }),
    networkAcls: acls,
    firebreakGroups: groups,
    warnings,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}
