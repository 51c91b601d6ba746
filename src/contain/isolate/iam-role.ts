import { DescribeInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import {
  GetInstanceProfileCommand,
  type IAMClient,
  ListInstanceProfilesForRoleCommand,
} from '@aws-sdk/client-iam';
import { allPages, type Caller } from './caller.js';
import type { ObservedRole } from './observation.js';

/** The profile name is the last path segment of its ARN (arn:aws:iam::1:instance-profile/path/name). */
export function profileNameOf(profileArn: string): string {
  return profileArn.slice(profileArn.lastIndexOf('/') + 1);
}

export async function roleOfProfile(
  iam: IAMClient,
  call: Caller,
  profileArn: string,
): Promise<ObservedRole | undefined> {
  const profileName = profileNameOf(profileArn);
  const found = await call(`iam:GetInstanceProfile ${profileName}`, () =>
    iam.send(new GetInstanceProfileCommand({ InstanceProfileName: profileName })),
  );
  const role = found.InstanceProfile?.Roles?.[0];
  if (!role?.RoleName || !role.Arn) return undefined;
  return { name: role.RoleName, arn: role.Arn, profileName };
}

/** Running instances, other than this one, whose profile carries the role: a role-session deny reaches them too. */
export async function otherInstancesUsingRole(
  iam: IAMClient,
  ec2: EC2Client,
  call: Caller,
  roleName: string,
  instanceId: string,
): Promise<string[]> {
  const profileArns: string[] = [];
  let marker: string | undefined;
  do {
    const page = await call(`iam:ListInstanceProfilesForRole ${roleName}`, () =>
      iam.send(
        new ListInstanceProfilesForRoleCommand({ RoleName: roleName, ...(marker && { Marker: marker }) }),
      ),
    );
    for (const profile of page.InstanceProfiles ?? []) if (profile.Arn) profileArns.push(profile.Arn);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  if (profileArns.length === 0) return [];
  const reservations = await allPages(
    (NextToken) =>
      call(`ec2:DescribeInstances using role ${roleName}`, () =>
        ec2.send(
          new DescribeInstancesCommand({
            Filters: [
              { Name: 'iam-instance-profile.arn', Values: profileArns },
              { Name: 'instance-state-name', Values: ['running'] },
            ],
            ...(NextToken && { NextToken }),
          }),
        ),
      ),
    (page) => page.Reservations,
  );
  const ids = reservations
    .flatMap((r) => r.Instances ?? [])
    .flatMap((i) => (i.InstanceId ? [i.InstanceId] : []));
  return [...new Set(ids)].filter((id) => id !== instanceId).sort();
}
