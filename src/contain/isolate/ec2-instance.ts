import {
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import { AwsCallError } from '../../aws/call.js';
import type { Caller } from './caller.js';
import { INSTANCE_TAG_KEYS, tagMap } from './names.js';
import type { ObservedProfileAssociation, ObservedVolume } from './observation.js';

/** The instance, or AWS_NOT_FOUND with a message that names the id and where it was looked for. */
export async function describeInstance(
  ec2: EC2Client,
  call: Caller,
  instanceId: string,
  where: string,
): Promise<Instance> {
  let instance: Instance | undefined;
  try {
    const found = await call(`ec2:DescribeInstances ${instanceId}`, () =>
      ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })),
    );
    instance = found.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === instanceId);
  } catch (error) {
    if (error instanceof AwsCallError && error.code === 'AWS_NOT_FOUND')
      throw notFound(instanceId, where, error);
    throw error;
  }
  if (instance === undefined) throw notFound(instanceId, where);
  return instance;
}

function notFound(instanceId: string, where: string, cause?: AwsCallError): AwsCallError {
  return new AwsCallError(
    'AWS_NOT_FOUND',
    `Instance ${instanceId} was not found in ${where}: check the id, and that the incident names the right account and region.`,
    { cause, awsCode: cause?.awsCode ?? 'InvalidInstanceID.NotFound', requestId: cause?.requestId },
  );
}

export async function terminationProtectionOf(
  ec2: EC2Client,
  call: Caller,
  instanceId: string,
): Promise<boolean> {
  const found = await call(`ec2:DescribeInstanceAttribute disableApiTermination of ${instanceId}`, () =>
    ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }),
    ),
  );
  return found.DisableApiTermination?.Value === true;
}

export async function shutdownBehaviourOf(ec2: EC2Client, call: Caller, instanceId: string): Promise<string> {
  const found = await call(
    `ec2:DescribeInstanceAttribute instanceInitiatedShutdownBehavior of ${instanceId}`,
    () =>
      ec2.send(
        new DescribeInstanceAttributeCommand({
          InstanceId: instanceId,
          Attribute: 'instanceInitiatedShutdownBehavior',
        }),
      ),
  );
  return found.InstanceInitiatedShutdownBehavior?.Value ?? 'stop';
}

/** The live (associated or associating) profile association, if any. */
export async function profileAssociationOf(
  ec2: EC2Client,
  call: Caller,
  instanceId: string,
): Promise<ObservedProfileAssociation | undefined> {
  const found = await call(`ec2:DescribeIamInstanceProfileAssociations for ${instanceId}`, () =>
    ec2.send(
      new DescribeIamInstanceProfileAssociationsCommand({
        Filters: [{ Name: 'instance-id', Values: [instanceId] }],
      }),
    ),
  );
  const live = (found.IamInstanceProfileAssociations ?? []).find(
    (a) => a.State === 'associated' || a.State === 'associating',
  );
  if (!live?.AssociationId || !live.IamInstanceProfile?.Arn) return undefined;
  return {
    associationId: live.AssociationId,
    profileArn: live.IamInstanceProfile.Arn,
    state: live.State ?? '',
  };
}

export function volumesOf(instance: Instance): ObservedVolume[] {
  return (instance.BlockDeviceMappings ?? []).flatMap((mapping) =>
    mapping.Ebs?.VolumeId && mapping.DeviceName
      ? [
          {
            id: mapping.Ebs.VolumeId,
            deviceName: mapping.DeviceName,
            deleteOnTermination: mapping.Ebs.DeleteOnTermination === true,
          },
        ]
      : [],
  );
}

/** The isolation tags on the instance now (read from DescribeInstances, which every EC2 endpoint serves). */
export async function isolationTagsOf(
  ec2: EC2Client,
  call: Caller,
  instanceId: string,
  where: string,
): Promise<Record<string, string>> {
  const tags = tagMap((await describeInstance(ec2, call, instanceId, where)).Tags);
  return Object.fromEntries(
    INSTANCE_TAG_KEYS.flatMap((key) => (tags[key] === undefined ? [] : [[key, tags[key]]])),
  );
}
