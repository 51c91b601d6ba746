import {
  CloudTrailClient,
  LookupEventsCommand,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { attachSimulatedAccount } from '../../src/drill/attach.js';
import { CLIENT_CONFIG, IDS, seededAccount } from './support.js';

/** The drill's CloudTrail: the staged intrusion, every lookup attribute, paging, and the account's own calls. */

function trail(region: string) {
  const account = seededAccount();
  const client = (at: string) => {
    const c = new CloudTrailClient({ ...CLIENT_CONFIG, region: at });
    attachSimulatedAccount(c, account);
    return c;
  };
  return { account, cloudTrail: client(region), client };
}

const names = async (client: CloudTrailClient, input: LookupEventsCommandInput = {}) =>
  ((await client.send(new LookupEventsCommand(input))).Events ?? []).map((e) => e.EventName);

describe('the staged intrusion in the drill CloudTrail', () => {
  it('records sign-in and IAM events in us-east-1, as AWS does, and EC2/CloudTrail events in the drill region', async () => {
    const { client } = trail('us-east-1');
    const global = await names(client('us-east-1'), {
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'mallory' }],
    });
    expect(global).toEqual([
      'CreateAccessKey',
      'AttachUserPolicy',
      'GetAccountAuthorizationDetails',
      'ConsoleLogin',
    ]);
    const regional = await names(client('eu-west-1'), {
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'mallory' }],
    });
    expect(regional).toEqual(['StopLogging', 'AuthorizeSecurityGroupIngress', 'RunInstances']);
  });

  it('keeps real-format records: console login without MFA, SSH opened to the world, a key for another user', async () => {
    const { client } = trail('us-east-1');
    const read = async (region: string, name: string) => {
      const [event] =
        (
          await client(region).send(
            new LookupEventsCommand({
              LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }],
            }),
          )
        ).Events ?? [];
      // biome-ignore lint/suspicious/noExplicitAny: a CloudTrail record is read field by field in the assertions.
      return JSON.parse(event!.CloudTrailEvent!) as Record<string, any>;
    };
    const logins = (
      await client('us-east-1').send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' }],
        }),
      )
    ).Events!.map((e) => JSON.parse(e.CloudTrailEvent!));
    expect(logins.find((l) => l.userIdentity.userName === 'mallory')).toMatchObject({
      eventSource: 'signin.amazonaws.com',
      eventType: 'AwsConsoleSignIn',
      additionalEventData: { MFAUsed: 'No' },
      sourceIPAddress: IDS.malloryIp,
    });
    expect(logins.find((l) => l.userIdentity.type === 'Root')).toBeDefined();
    const ssh = await read('eu-west-1', 'AuthorizeSecurityGroupIngress');
    expect(ssh.requestParameters.groupId).toBe(IDS.securityGroups.web);
    expect(ssh.requestParameters.ipPermissions.items[0]).toMatchObject({
      fromPort: 22,
      ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
    });
    const key = await read('us-east-1', 'CreateAccessKey');
    expect(key.userIdentity.userName).toBe('mallory');
    expect(key.requestParameters.userName).toBe('ci-deployer');
    const admin = await read('us-east-1', 'AttachUserPolicy');
    expect(admin.requestParameters.policyArn).toBe('arn:aws:iam::aws:policy/AdministratorAccess');
    const stop = await read('eu-west-1', 'StopLogging');
    expect(stop.eventSource).toBe('cloudtrail.amazonaws.com');
    const denied = await read('us-east-1', 'GetAccountAuthorizationDetails');
    expect(denied.errorCode).toBe('AccessDenied');
  });
});

describe('the account as the intrusion left it', () => {
  it('has the SSH rule mallory opened to the world in the web security group', async () => {
    const { account } = trail('eu-west-1');
    const ec2 = new EC2Client(CLIENT_CONFIG);
    attachSimulatedAccount(ec2, account);
    const { SecurityGroups } = await ec2.send(
      new DescribeSecurityGroupsCommand({ GroupIds: [IDS.securityGroups.web] }),
    );
    const ssh = SecurityGroups![0]!.IpPermissions!.filter((p) => p.FromPort === 22);
    expect(ssh.flatMap((p) => p.IpRanges ?? []).map((r) => r.CidrIp)).toContain('0.0.0.0/0');
  });
});

describe('LookupEvents in the drill', () => {
  it('answers every lookup attribute AWS accepts', async () => {
    const { client } = trail('us-east-1');
    const east = client('us-east-1');
    const west = client('eu-west-1');
    const by = (client: CloudTrailClient, key: string, value: string) =>
      names(client, { LookupAttributes: [{ AttributeKey: key as never, AttributeValue: value }] });
    expect(await by(east, 'AccessKeyId', IDS.accessKeys.mallory)).toEqual([
      'CreateAccessKey',
      'AttachUserPolicy',
      'GetAccountAuthorizationDetails',
    ]);
    expect(await by(east, 'EventSource', 'signin.amazonaws.com')).toEqual(['ConsoleLogin', 'ConsoleLogin']);
    expect(await by(west, 'ResourceType', 'AWS::CloudTrail::Trail')).toEqual(['StopLogging']);
    expect(await by(west, 'ResourceName', IDS.securityGroups.web)).toEqual(['AuthorizeSecurityGroupIngress']);
    expect(await by(east, 'ReadOnly', 'true')).toEqual(['GetAccountAuthorizationDetails']);
    expect(await by(east, 'EventId', 'd7111e00-0000-4000-8000-000000000005')).toEqual(['AttachUserPolicy']);
    await expect(by(east, 'Colour', 'red')).rejects.toMatchObject({
      name: 'InvalidLookupAttributesException',
    });
    await expect(
      east.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'Username', AttributeValue: 'mallory' },
            { AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidLookupAttributesException' });
  });

  it('honours StartTime and EndTime', async () => {
    const { client } = trail('us-east-1');
    const now = Date.now();
    const recent = await names(client('us-east-1'), {
      StartTime: new Date(now - 30 * 60_000),
      EndTime: new Date(now),
    });
    expect(recent).toEqual(['CreateAccessKey', 'AttachUserPolicy', 'GetAccountAuthorizationDetails']);
  });

  it('pages at most 50 events with NextToken, like AWS, and refuses a forged token', async () => {
    const { account, client } = trail('us-east-1');
    const iam = new IAMClient({ ...CLIENT_CONFIG, region: 'us-east-1' });
    attachSimulatedAccount(iam, account);
    // The account's own calls land in its history too: 60 key flips make several pages.
    for (let i = 0; i < 60; i += 1) {
      await iam.send(
        new UpdateAccessKeyCommand({
          UserName: 'alice',
          AccessKeyId: IDS.accessKeys.aliceInactive,
          Status: i % 2 === 0 ? 'Active' : 'Inactive',
        }),
      );
    }
    const east = client('us-east-1');
    await expect(east.send(new LookupEventsCommand({ MaxResults: 51 }))).rejects.toMatchObject({
      name: 'InvalidMaxResultsException',
    });
    const first = await east.send(new LookupEventsCommand({ MaxResults: 50 }));
    expect(first.Events).toHaveLength(50);
    expect(first.NextToken).toBeDefined();
    const second = await east.send(new LookupEventsCommand({ MaxResults: 50, NextToken: first.NextToken }));
    expect(second.Events!.length).toBeGreaterThan(0);
    expect(second.NextToken).toBeUndefined();
    const ids = new Set([...first.Events!, ...second.Events!].map((e) => e.EventId));
    expect(ids.size).toBe(first.Events!.length + second.Events!.length);
    await expect(east.send(new LookupEventsCommand({ NextToken: 'not-a-token!' }))).rejects.toMatchObject({
      name: 'InvalidNextTokenException',
    });
  });

  it("records the account's own mutating calls (containment) with the bot's identity, never its reads", async () => {
    const { account, client } = trail('us-east-1');
    const iam = new IAMClient({ ...CLIENT_CONFIG, region: 'us-east-1' });
    attachSimulatedAccount(iam, account);
    await iam.send(
      new UpdateAccessKeyCommand({
        UserName: 'mallory',
        AccessKeyId: IDS.accessKeys.mallory,
        Status: 'Inactive',
      }),
    );
    const [event] =
      (
        await client('us-east-1').send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UpdateAccessKey' }],
          }),
        )
      ).Events ?? [];
    expect(event).toMatchObject({
      EventName: 'UpdateAccessKey',
      EventSource: 'iam.amazonaws.com',
      Username: 'firebreak-bot',
    });
    expect(event!.Resources).toEqual(
      expect.arrayContaining([{ ResourceType: 'AWS::IAM::AccessKey', ResourceName: IDS.accessKeys.mallory }]),
    );
    const record = JSON.parse(event!.CloudTrailEvent!);
    expect(record.requestParameters).toMatchObject({ Status: 'Inactive' });
    expect(record.userIdentity.type).toBe('AssumedRole');
    // LookupEvents itself is a read and is not written back into the history.
    expect(
      await names(client('us-east-1'), {
        LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'LookupEvents' }],
      }),
    ).toEqual([]);
  });
});
