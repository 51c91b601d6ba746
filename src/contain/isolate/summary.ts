import type { ObservedInstance, ObservedInterface } from './observation.js';
import type { IsolationPlan } from './plan.js';
import { describeVia } from './routes.js';

/** The preview's blast radius, one line per fact, in the order a responder reads it. */
export function summaryLines(observed: ObservedInstance, plan: IsolationPlan): string[] {
  const lines: string[] = [];
  const name = observed.name === undefined ? '' : ` "${observed.name}"`;
  const type = observed.instanceType === undefined ? '' : `, ${observed.instanceType}`;
  lines.push(
    `Instance ${observed.instanceId}${name} (${observed.state}${type}) in ${observed.vpcId ?? 'no VPC'}`,
  );

  lines.push(
    `${observed.interfaces.length} network interface(s), each moved to the untrack group and then to the isolation group:`,
  );
  for (const eni of observed.interfaces) lines.push(`• ${interfaceLine(eni)}`);

  if (observed.eips.length > 0) {
    lines.push(
      `Elastic IPs: ${observed.eips.map((eip) => `${eip.publicIp}${eip.networkInterfaceId ? ` (${eip.networkInterfaceId})` : ''}`).join(', ')}`,
    );
  }

  if (observed.asg) {
    const action =
      plan.options.asgMode === 'detach'
        ? 'detached from the group (desired capacity decremented; recorded for restore)'
        : 'put into Standby (desired capacity decremented; set back on restore)';
    lines.push(
      `Auto Scaling group ${observed.asg.groupName}, desired capacity ${observed.asg.desiredCapacity}: ${action}`,
    );
  }

  if (observed.profileAssociation) {
    const role = observed.role ? ` (role ${observed.role.name})` : '';
    lines.push(
      `Instance profile ${observed.profileAssociation.profileArn}${role}: disassociated, recorded for restore`,
    );
    if (observed.role) {
      const others = observed.otherInstancesUsingRole;
      lines.push(
        others.length === 0
          ? `No other running instance uses ${observed.role.name}. Sessions it already issued stay valid until revoked.`
          : `Also using ${observed.role.name}: ${others.join(', ')}. Sessions already issued stay valid until revoked.`,
      );
    }
  } else {
    lines.push('No instance profile is associated.');
  }

  if (observed.volumes.length > 0) {
    const volumes = observed.volumes.map((volume) => `${volume.id} (${volume.deviceName})`).join(', ');
    const snapshots = plan.options.snapshots ? '; crash-consistent snapshots tagged with the incident' : '';
    lines.push(`Volumes ${volumes}: DeleteOnTermination=false${snapshots}`);
  }
  lines.push(
    `Termination protection ${observed.terminationProtection ? 'already on' : 'turned on'}; shutdown behaviour ${observed.shutdownBehaviour} → stop; instance tagged with the incident`,
  );

  for (const subnet of observed.routes) {
    const exits = subnet.routes.map(
      (route) => `${route.destination} via ${describeVia(route.via)} ${route.targetId}`,
    );
    lines.push(`${subnet.subnetId}: ${exits.length === 0 ? 'no route out of the VPC' : exits.join('; ')}`);
  }
  for (const deny of plan.naclDenies) {
    lines.push(
      `Network ACL ${deny.aclId}: deny in and out for ${deny.cidrs.map((c) => c.cidr).join(', ')} (removed on restore)`,
    );
  }
  return lines;
}

function interfaceLine(eni: ObservedInterface): string {
  const kind =
    eni.type === 'branch'
      ? `branch of ${eni.trunkId ?? 'a trunk'}`
      : eni.type === 'trunk'
        ? 'trunk'
        : eni.deviceIndex === 0
          ? 'primary'
          : 'secondary';
  const addresses = [...eni.privateIps, ...eni.ipv6, ...eni.ipv4Prefixes, ...eni.ipv6Prefixes].join(', ');
  return `${eni.id} (${kind}; ${addresses || 'no address'}) in ${eni.subnetId}: ${eni.groups.join(', ') || 'no groups'}`;
}
