import {
  AutoScalingServiceException,
  EnterStandbyCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { DescribeVolumesCommand, EC2ServiceException } from '@aws-sdk/client-ec2';
import { GetRoleCommand, IAMServiceException, NoSuchEntityException } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { drill, IDS, rejection } from './support.js';

describe('errors are the SDK’s own service exceptions', () => {
  it('throws an EC2ServiceException named by the AWS code, with Code, $fault and $metadata', async () => {
    const { account, ec2 } = drill();
    const error = await rejection(
      ec2.send(new DescribeVolumesCommand({ VolumeIds: ['vol-0000000000000dead'] })),
    );

    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(EC2ServiceException.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'InvalidVolume.NotFound',
      Code: 'InvalidVolume.NotFound',
      message: "The volume 'vol-0000000000000dead' does not exist.",
      $fault: 'client',
      $metadata: { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 },
    });
    expect(error.$metadata).toMatchObject({ requestId: account.calls.at(-1)?.requestId });
  });

  it('uses the modelled class where the SDK has one, e.g. IAM NoSuchEntityException', async () => {
    const { iam } = drill();
    const error = await rejection(iam.send(new GetRoleCommand({ RoleName: 'no-such-role' })));

    expect(error).toBeInstanceOf(NoSuchEntityException);
    expect(error).toBeInstanceOf(IAMServiceException);
    expect(error).toMatchObject({
      name: 'NoSuchEntityException',
      Code: 'NoSuchEntity',
      message: 'The role with name no-such-role cannot be found.',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('reports Auto Scaling validation failures as ValidationError', async () => {
    const { autoScaling } = drill();
    const error = await rejection(
      autoScaling.send(
        new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: IDS.autoScalingGroup, DesiredCapacity: 9 }),
      ),
    );

    expect(error).toBeInstanceOf(AutoScalingServiceException);
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe('Desired capacity:9 must be between the specified min size:1 and max size:4');

    const noFlag = await rejection(
      autoScaling.send(
        new EnterStandbyCommand({
          AutoScalingGroupName: IDS.autoScalingGroup,
          InstanceIds: [IDS.instances.asg],
        } as never),
      ),
    );
    expect(noFlag.name).toBe('ValidationError');
    expect(noFlag.message).toContain('shouldDecrementDesiredCapacity');
  });
});
