import { type HandlerContext, regionOf } from '../context.js';
import { iamUniqueId } from '../ids.js';
import { DRILL_IDS, DRILL_REGION } from '../seed-ids.js';
import { addCloudTrailEvent } from './lookup-events.js';
import { apiCallRecord, iamUserIdentity, trailTime } from './records.js';

/**
 * The staged intrusion in the drill's CloudTrail history, as real-format records. mallory signs in to the console
 * without MFA, probes, gives herself AdministratorAccess, opens SSH on the web security group to the world, stops
 * CloudTrail logging and creates an access key for ci-deployer. Earlier, root signed in. Sign-in and IAM events
 * are recorded in us-east-1, as AWS records them; EC2 and CloudTrail events in the drill region.
 */

/** Minutes before seeding; mallory's password and key "last used" in seed-identities.ts match these. */
export const INTRUSION_MINUTES_AGO = {
  rootSignIn: 180,
  consoleLogin: 35,
  runInstancesDenied: 31,
  listUsersDenied: 29,
  attachAdmin: 26,
  openSsh: 20,
  stopLogging: 15,
  createKey: 12,
} as const;

const CONSOLE_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36';
const CLI_AGENT = 'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.8';

/** Stable, distinct event ids: the history is the same on every seed. */
const eventId = (n: number) => `d7111e00-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The rule mallory added, present in the seeded web security group, as the history says. */
export const INTRUSION_SSH_RULE_ID = 'sgr-0dd1c0de0000000a4';

function openSshToTheWorld(ctx: HandlerContext): void {
  const group = regionOf({ ...ctx, region: DRILL_REGION }).ec2.securityGroups[DRILL_IDS.securityGroups.web];
  if (!group || group.ingress.some((rule) => rule.id === INTRUSION_SSH_RULE_ID)) return;
  group.ingress.push({
    id: INTRUSION_SSH_RULE_ID,
    protocol: 'tcp',
    fromPort: 22,
    toPort: 22,
    cidrIpv4: '0.0.0.0/0',
  });
}

export function seedIntrusion(ctx: HandlerContext): void {
  openSshToTheWorld(ctx);
  const { accountId } = ctx.state;
  const ago = (minutes: number) => new Date(Math.floor((ctx.now.getTime() - minutes * 60_000) / 1000) * 1000);
  const malloryArn = `arn:aws:iam::${accountId}:user/${DRILL_IDS.users.mallory}`;
  const mallory = {
    id: ctx.state.iam.users[DRILL_IDS.users.mallory]?.id ?? iamUniqueId(malloryArn, 'AIDA', 0),
    arn: malloryArn,
    name: DRILL_IDS.users.mallory,
  };
  const key = DRILL_IDS.accessKeys.mallory;
  const ip = DRILL_IDS.malloryIp;
  const common = { recipientAccountId: accountId, sourceIPAddress: ip };
  const viaKey = { ...common, userIdentity: iamUserIdentity(mallory, accountId, key), userAgent: CLI_AGENT };
  const IAM = { eventSource: 'iam.amazonaws.com', awsRegion: 'us-east-1' };

  addCloudTrailEvent(ctx, {
    eventVersion: '1.09',
    userIdentity: { type: 'Root', principalId: accountId, arn: `arn:aws:iam::${accountId}:root`, accountId },
    eventTime: trailTime(ago(INTRUSION_MINUTES_AGO.rootSignIn)),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: CONSOLE_AGENT,
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: 'Yes',
    },
    eventID: eventId(1),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  });
  addCloudTrailEvent(ctx, {
    eventVersion: '1.09',
    userIdentity: { ...iamUserIdentity(mallory, accountId), accessKeyId: '' },
    eventTime: trailTime(ago(INTRUSION_MINUTES_AGO.consoleLogin)),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: ip,
    userAgent: CONSOLE_AGENT,
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: 'No',
    },
    eventID: eventId(2),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  });
  addCloudTrailEvent(
    ctx,
    apiCallRecord({
      ...viaKey,
      eventID: eventId(3),
      at: ago(INTRUSION_MINUTES_AGO.runInstancesDenied),
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      awsRegion: DRILL_REGION,
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
      requestParameters: {
        instancesSet: { items: [{ imageId: 'ami-0c1bc246476a5572b', minCount: 10, maxCount: 10 }] },
        instanceType: 'p4d.24xlarge',
      },
      readOnly: false,
      requestID: 'DR1LL-INTRUSION-03',
    }),
  );
  addCloudTrailEvent(
    ctx,
    apiCallRecord({
      ...viaKey,
      ...IAM,
      eventID: eventId(4),
      at: ago(INTRUSION_MINUTES_AGO.listUsersDenied),
      eventName: 'GetAccountAuthorizationDetails',
      errorCode: 'AccessDenied',
      errorMessage: `User: ${malloryArn} is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: *`,
      requestParameters: null,
      readOnly: true,
      requestID: 'DR1LL-INTRUSION-04',
    }),
  );
  addCloudTrailEvent(
    ctx,
    apiCallRecord({
      ...viaKey,
      ...IAM,
      eventID: eventId(5),
      at: ago(INTRUSION_MINUTES_AGO.attachAdmin),
      eventName: 'AttachUserPolicy',
      requestParameters: { userName: mallory.name, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      readOnly: false,
      requestID: 'DR1LL-INTRUSION-05',
      resources: [
        { type: 'AWS::IAM::User', name: mallory.name },
        { type: 'AWS::IAM::Policy', name: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      ],
    }),
  );
  addCloudTrailEvent(
    ctx,
    apiCallRecord({
      ...viaKey,
      eventID: eventId(6),
      at: ago(INTRUSION_MINUTES_AGO.openSsh),
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupIngress',
      awsRegion: DRILL_REGION,
      requestParameters: {
        groupId: DRILL_IDS.securityGroups.web,
        ipPermissions: {
          items: [
            {
              ipProtocol: 'tcp',
              fromPort: 22,
              toPort: 22,
              groups: {},
              ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
              ipv6Ranges: {},
              prefixListIds: {},
            },
          ],
        },
      },
      responseElements: { requestId: 'DR1LL-INTRUSION-06', _return: true },
      readOnly: false,
      requestID: 'DR1LL-INTRUSION-06',
      resources: [{ type: 'AWS::EC2::SecurityGroup', name: DRILL_IDS.securityGroups.web }],
    }),
  );
  const trailArn = `arn:aws:cloudtrail:${DRILL_REGION}:${accountId}:trail/management-events`;
  addCloudTrailEvent(
    ctx,
    apiCallRecord({
      ...viaKey,
      eventID: eventId(7),
      at: ago(INTRUSION_MINUTES_AGO.stopLogging),
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      awsRegion: DRILL_REGION,
      requestParameters: { name: trailArn },
      readOnly: false,
      requestID: 'DR1LL-INTRUSION-07',
      resources: [{ type: 'AWS::CloudTrail::Trail', name: trailArn }],
    }),
  );
  addCloudTrailEvent(
    ctx,
    apiCallRecord({
      ...viaKey,
      ...IAM,
      eventID: eventId(8),
      at: ago(INTRUSION_MINUTES_AGO.createKey),
      eventName: 'CreateAccessKey',
      requestParameters: { userName: DRILL_IDS.users.ciDeployer },
      responseElements: {
        accessKey: {
          accessKeyId: DRILL_IDS.accessKeys.ciDeployer,
          status: 'Active',
          userName: DRILL_IDS.users.ciDeployer,
          createDate: ago(INTRUSION_MINUTES_AGO.createKey).toUTCString(),
        },
      },
      readOnly: false,
      requestID: 'DR1LL-INTRUSION-08',
      resources: [
        { type: 'AWS::IAM::User', name: DRILL_IDS.users.ciDeployer },
        { type: 'AWS::IAM::AccessKey', name: DRILL_IDS.accessKeys.ciDeployer },
      ],
    }),
  );
}
