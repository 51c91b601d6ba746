import type { HandlerContext } from '../context.js';
import { iamUniqueId } from '../ids.js';
import { DRILL_IDS, DRILL_REGION } from '../seed-ids.js';
import { seedIntrusion } from './intrusion.js';
import { addCloudTrailEvent } from './lookup-events.js';

/** How long before seeding the web instance's session key was seen, so the event is always recent. */
const SEEN_BEFORE_MS = 20 * 60_000;

/**
 * The event history: the web instance's role session (web-app-role, session i-0web…, key
 * DRILL_IDS.sessionKeys.webApp) listing the account's S3 buckets, as CloudTrail records an instance
 * profile's calls.
 */
export function seedCloudTrail(ctx: HandlerContext): void {
  seedIntrusion(ctx);
  const { accountId } = ctx.state;
  const roleName = DRILL_IDS.roles.webApp;
  const role = ctx.state.iam.roles[roleName];
  const roleArn = role?.arn ?? `arn:aws:iam::${accountId}:role/${roleName}`;
  const roleId = role?.id ?? iamUniqueId(roleArn, 'AROA', 0);
  const session = DRILL_IDS.instances.web;
  const seen = new Date(Math.floor((ctx.now.getTime() - SEEN_BEFORE_MS) / 1000) * 1000);
  const issued = new Date(seen.getTime() - 40 * 60_000);
  const at = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;
  addCloudTrailEvent(ctx, {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: `${roleId}:${session}`,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${session}`,
      accountId,
      accessKeyId: DRILL_IDS.sessionKeys.webApp,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: roleId, arn: roleArn, accountId, userName: roleName },
        attributes: { creationDate: at(issued), mfaAuthenticated: 'false' },
        ec2RoleDelivery: '2.0',
      },
    },
    eventTime: at(seen),
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    awsRegion: DRILL_REGION,
    sourceIPAddress: DRILL_IDS.malloryIp,
    userAgent: '[aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.8]',
    requestParameters: { Host: `s3.${DRILL_REGION}.amazonaws.com` },
    responseElements: null,
    additionalEventData: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': 'drill+ListBuckets+id2',
      bytesTransferredOut: 1024,
    },
    requestID: 'DR1LL0CL0UDTRA1L',
    eventID: '3f0d1c2e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `s3.${DRILL_REGION}.amazonaws.com`,
    },
  });
}
