import { DescribeInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import {
  GetRolePolicyCommand,
  type IAMClient,
  ListInstanceProfilesForRoleCommand,
} from '@aws-sdk/client-iam';
import { allPages, type Caller } from '../isolate/caller.js';
import { allMarkerPages, unlessMissing } from './iam-read.js';
import { decodePolicy } from './policies.js';

export async function rolePolicyOf(
  iam: IAMClient,
  call: Caller,
  roleName: string,
  policyName: string,
): Promise<string | undefined> {
  const found = await unlessMissing(
    call(`iam:GetRolePolicy ${policyName} of ${roleName}`, () =>
      iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
    ),
  );
  return decodePolicy(found?.PolicyDocument);
}

export async function instanceProfilesOf(iam: IAMClient, call: Caller, roleName: string): Promise<string[]> {
  const profiles = await allMarkerPages(
    (Marker) =>
      call(`iam:ListInstanceProfilesForRole ${roleName}`, () =>
        iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: roleName, ...(Marker && { Marker }) })),
      ),
    (page) => page.InstanceProfiles,
  );
  return profiles.flatMap((profile) => (profile.Arn ? [profile.Arn] : []));
}

/** Running instances in the client's region whose instance profile is one of these. */
export async function runningInstancesWith(
  ec2: EC2Client,
  call: Caller,
  profileArns: readonly string[],
): Promise<string[]> {
  if (profileArns.length === 0) return [];
  const reservations = await allPages(
    (NextToken) =>
      call('ec2:DescribeInstances by instance profile', () =>
        ec2.send(
          new DescribeInstancesCommand({
            Filters: [
              { Name: 'iam-instance-profile.arn', Values: [...profileArns] },
              { Name: 'instance-state-name', Values: ['running'] },
            ],
            ...(NextToken && { NextToken }),
          }),
        ),
      ),
    (page) => page.Reservations,
  );
  const ids = reservations
    .flatMap((reservation) => reservation.Instances ?? [])
    .flatMap((instance) => (instance.InstanceId ? [instance.InstanceId] : []));
  return [...new Set(ids)].sort();
}
