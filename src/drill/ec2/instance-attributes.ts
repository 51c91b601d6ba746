import type {
  DescribeInstanceAttributeRequest,
  InstanceAttribute,
  ModifyInstanceAttributeRequest,
} from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import {
  AwsFault,
  DrillUnsupportedError,
  invalidParameterCombination,
  invalidParameterValue,
  missingParameter,
} from '../errors.js';
import { assertNotTerminated, attachedInterfaces, attachedVolumes, ec2Of, getInstance } from './lookup.js';
import type { Ec2State, InstanceRecord } from './model.js';
import { groupIdentifiers, setInterfaceGroups } from './network-interfaces.js';

type Change =
  | { kind: 'disableApiTermination'; value: boolean }
  | { kind: 'disableApiStop'; value: boolean }
  | { kind: 'sourceDestCheck'; value: boolean }
  | { kind: 'instanceInitiatedShutdownBehavior'; value: string }
  | {
      kind: 'blockDeviceMapping';
      mappings: NonNullable<ModifyInstanceAttributeRequest['BlockDeviceMappings']>;
    }
  | { kind: 'groupSet'; groups: string[] };

const UNSUPPORTED = [
  'InstanceType',
  'Kernel',
  'Ramdisk',
  'UserData',
  'EbsOptimized',
  'SriovNetSupport',
  'EnaSupport',
  'EnclaveOptions',
] as const;

function bool(value: string | undefined, attribute: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidParameterValue(`Value (${value ?? ''}) for parameter ${attribute} is invalid.`);
}

/** The one attribute a call changes: AWS takes exactly one per ModifyInstanceAttribute call. */
function requestedChange(input: ModifyInstanceAttributeRequest): Change {
  const changes: Change[] = [];
  if (input.DisableApiTermination) {
    changes.push({ kind: 'disableApiTermination', value: input.DisableApiTermination.Value ?? false });
  }
  if (input.DisableApiStop)
    changes.push({ kind: 'disableApiStop', value: input.DisableApiStop.Value ?? false });
  if (input.SourceDestCheck)
    changes.push({ kind: 'sourceDestCheck', value: input.SourceDestCheck.Value ?? true });
  if (input.InstanceInitiatedShutdownBehavior) {
    changes.push({
      kind: 'instanceInitiatedShutdownBehavior',
      value: input.InstanceInitiatedShutdownBehavior.Value ?? '',
    });
  }
  if (input.BlockDeviceMappings?.length)
    changes.push({ kind: 'blockDeviceMapping', mappings: input.BlockDeviceMappings });
  if (input.Groups?.length) changes.push({ kind: 'groupSet', groups: input.Groups });
  if (input.Attribute) {
    const value = input.Value;
    switch (input.Attribute) {
      case 'disableApiTermination':
      case 'disableApiStop':
      case 'sourceDestCheck':
        changes.push({ kind: input.Attribute, value: bool(value, input.Attribute) });
        break;
      case 'instanceInitiatedShutdownBehavior':
        changes.push({ kind: 'instanceInitiatedShutdownBehavior', value: value ?? '' });
        break;
      default:
        throw new DrillUnsupportedError(
          `ModifyInstanceAttribute Attribute '${input.Attribute}' is not simulated`,
        );
    }
  }
  for (const field of UNSUPPORTED) {
    if (input[field] !== undefined)
      throw new DrillUnsupportedError(`ModifyInstanceAttribute ${field} is not simulated`);
  }
  const [change, ...more] = changes;
  if (!change) throw missingParameter('an attribute to modify');
  if (more.length) {
    throw invalidParameterCombination(
      `Fields for multiple attribute types specified: ${changes.map((c) => c.kind).join(', ')}`,
    );
  }
  return change;
}

function applyChange(ec2: Ec2State, instance: InstanceRecord, change: Change): void {
  switch (change.kind) {
    case 'disableApiTermination':
      instance.disableApiTermination = change.value;
      return;
    case 'disableApiStop':
      instance.disableApiStop = change.value;
      return;
    case 'sourceDestCheck': {
      const primary = attachedInterfaces(ec2, instance.id)[0];
      if (primary) primary.sourceDestCheck = change.value;
      return;
    }
    case 'instanceInitiatedShutdownBehavior':
      if (change.value !== 'stop' && change.value !== 'terminate') {
        throw new AwsFault(
          'InvalidInstanceAttributeValue',
          `Value (${change.value}) for parameter instanceInitiatedShutdownBehavior is invalid. Valid values are stop and terminate.`,
        );
      }
      instance.shutdownBehavior = change.value;
      return;
    case 'blockDeviceMapping': {
      const volumes = attachedVolumes(ec2, instance.id);
      for (const mapping of change.mappings) {
        const volume = volumes.find((v) => v.attachment?.device === mapping.DeviceName);
        if (!volume?.attachment) {
          throw new AwsFault(
            'InvalidInstanceAttributeValue',
            `No device is currently mapped at ${mapping.DeviceName ?? '(none)'} on instance ${instance.id}`,
          );
        }
        if (mapping.Ebs?.DeleteOnTermination !== undefined) {
          volume.attachment.deleteOnTermination = mapping.Ebs.DeleteOnTermination;
        }
      }
      return;
    }
    case 'groupSet': {
      // Groups on the instance mean its primary interface; AWS refuses when there is more than one interface.
      const interfaces = attachedInterfaces(ec2, instance.id);
      if (interfaces.length > 1) {
        throw new AwsFault(
          'InvalidInstanceID',
          `There are multiple interfaces attached to instance '${instance.id}'. Please specify an interface ID for the operation instead.`,
        );
      }
      const primary = interfaces[0];
      if (primary) setInterfaceGroups(ec2, primary, change.groups);
      return;
    }
  }
}

export function modifyInstanceAttribute(
  ctx: HandlerContext,
  input: ModifyInstanceAttributeRequest,
): Record<string, never> {
  const ec2 = ec2Of(ctx);
  const instance = getInstance(ec2, input.InstanceId);
  const change = requestedChange(input);
  assertNotTerminated(instance);
  applyChange(ec2, instance, change);
  return {};
}

export function describeInstanceAttribute(
  ctx: HandlerContext,
  input: DescribeInstanceAttributeRequest,
): InstanceAttribute {
  const ec2 = ec2Of(ctx);
  const instance = getInstance(ec2, input.InstanceId);
  const base = { InstanceId: instance.id };
  const primary = attachedInterfaces(ec2, instance.id)[0];
  switch (input.Attribute) {
    case 'disableApiTermination':
      return { ...base, DisableApiTermination: { Value: instance.disableApiTermination } };
    case 'disableApiStop':
      return { ...base, DisableApiStop: { Value: instance.disableApiStop } };
    case 'instanceInitiatedShutdownBehavior':
      return { ...base, InstanceInitiatedShutdownBehavior: { Value: instance.shutdownBehavior } };
    case 'instanceType':
      return { ...base, InstanceType: { Value: instance.instanceType } };
    case 'rootDeviceName':
      return { ...base, RootDeviceName: { Value: instance.rootDeviceName } };
    case 'ebsOptimized':
      return { ...base, EbsOptimized: { Value: instance.ebsOptimized } };
    case 'sourceDestCheck':
      return { ...base, SourceDestCheck: { Value: primary?.sourceDestCheck ?? true } };
    case 'groupSet':
      return { ...base, Groups: groupIdentifiers(ec2, primary?.groupIds ?? []) };
    case 'blockDeviceMapping':
      return {
        ...base,
        BlockDeviceMappings: attachedVolumes(ec2, instance.id).map((volume) => ({
          DeviceName: volume.attachment?.device,
          Ebs: {
            VolumeId: volume.id,
            Status: 'attached',
            AttachTime: new Date(volume.attachment?.attachTime ?? volume.createTime),
            DeleteOnTermination: volume.attachment?.deleteOnTermination,
          },
        })),
      };
    case undefined:
      throw missingParameter('Attribute');
    default:
      throw invalidParameterValue(
        `Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`,
      );
  }
}
