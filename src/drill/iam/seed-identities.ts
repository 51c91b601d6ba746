import type { HandlerContext } from '../context.js';
import { iamUniqueId } from '../ids.js';
import { DRILL_IDS as ID } from '../seed-ids.js';
import { addForeignAccessKey } from '../sts/access-key-info.js';
import { iamOf } from './lookup.js';
import type { AccessKeyRecord, RoleRecord, UserRecord } from './model.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const SSM_CORE = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';
const AUTO_SCALING_SLR = 'arn:aws:iam::aws:policy/aws-service-role/AutoScalingServiceRolePolicy';

function policy(statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

/** ci-deployer's deploy rights: 1,991 characters without whitespace in eu-west-1, so 57 remain of the 2,048. */
function ciDeployPolicy(accountId: string, region: string): string {
  const repo = (name: string) => `arn:aws:ecr:${region}:${accountId}:repository/${name}`;
  const service = (name: string) => `arn:aws:ecs:${region}:${accountId}:service/prod/${name}`;
  return policy([
    { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    {
      Sid: 'EcrPush',
      Effect: 'Allow',
      Action: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:CompleteLayerUpload',
        'ecr:InitiateLayerUpload',
        'ecr:PutImage',
        'ecr:UploadLayerPart',
      ],
      Resource: [repo('web'), repo('worker'), repo('jobs')],
    },
    {
      Sid: 'EcsDeploy',
      Effect: 'Allow',
      Action: [
        'ecs:DescribeServices',
        'ecs:DescribeTaskDefinition',
        'ecs:RegisterTaskDefinition',
        'ecs:UpdateService',
      ],
      Resource: [service('web'), service('worker'), `arn:aws:ecs:${region}:${accountId}:task-definition/*`],
    },
    {
      Sid: 'PassTaskRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: [
        `arn:aws:iam::${accountId}:role/${ID.roles.webApp}`,
        `arn:aws:iam::${accountId}:role/ecs-task-*`,
      ],
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
    {
      Sid: 'Artifacts',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
      Resource: ['arn:aws:s3:::drill-ci-artifacts', 'arn:aws:s3:::drill-ci-artifacts/*'],
    },
    {
      Sid: 'Stacks',
      Effect: 'Allow',
      Action: [
        'cloudformation:CreateChangeSet',
        'cloudformation:DescribeChangeSet',
        'cloudformation:DescribeStacks',
        'cloudformation:ExecuteChangeSet',
      ],
      Resource: `arn:aws:cloudformation:${region}:${accountId}:stack/web-*/*`,
    },
    {
      Sid: 'Params',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:GetParameters'],
      Resource: `arn:aws:ssm:${region}:${accountId}:parameter/ci/deploy/*`,
    },
    {
      Sid: 'CdnInvalidate',
      Effect: 'Allow',
      Action: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
      Resource: `arn:aws:cloudfront::${accountId}:distribution/E2DRILLWEB1234`,
    },
    {
      Sid: 'Logs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `arn:aws:logs:${region}:${accountId}:log-group:/ci/deploy:*`,
    },
  ]);
}

function minutesAgo(ctx: HandlerContext, minutes: number): string {
  return new Date(ctx.now.getTime() - minutes * 60_000).toISOString();
}

function user(
  ctx: HandlerContext,
  name: string,
  fields: Partial<UserRecord> & { createDate: string },
): UserRecord {
  const arn = `arn:aws:iam::${ctx.state.accountId}:user/${name}`;
  const record: UserRecord = {
    name,
    id: iamUniqueId(arn, 'AIDA', 0),
    arn,
    path: '/',
    tags: {},
    mfaDevices: [],
    inlinePolicies: {},
    attachedPolicyArns: [],
    ...fields,
  };
  iamOf(ctx).users[name] = record;
  return record;
}

function key(ctx: HandlerContext, record: AccessKeyRecord): void {
  iamOf(ctx).accessKeys[record.id] = record;
}

function seedUsers(ctx: HandlerContext): void {
  const { accountId } = ctx.state;
  user(ctx, ID.users.alice, {
    createDate: '2023-03-01T10:00:00.000Z',
    passwordLastUsed: minutesAgo(ctx, 26 * 60),
    tags: { team: 'platform' },
    loginProfile: { createDate: '2023-03-01T10:05:00.000Z', passwordResetRequired: false },
    mfaDevices: [
      {
        serialNumber: `arn:aws:iam::${accountId}:mfa/${ID.users.alice}`,
        enableDate: '2023-03-01T10:10:00.000Z',
      },
    ],
    attachedPolicyArns: [READ_ONLY],
  });
  key(ctx, {
    id: ID.accessKeys.aliceActive,
    userName: ID.users.alice,
    status: 'Active',
    createDate: '2024-02-01T08:30:00.000Z',
    lastUsed: { date: minutesAgo(ctx, 3 * 60), region: 'eu-west-1', serviceName: 's3' },
  });
  key(ctx, {
    id: ID.accessKeys.aliceInactive,
    userName: ID.users.alice,
    status: 'Inactive',
    createDate: '2023-03-01T10:15:00.000Z',
    lastUsed: { date: '2024-01-31T17:02:00.000Z', region: 'us-east-1', serviceName: 'iam' },
  });

  user(ctx, ID.users.mallory, {
    createDate: '2024-06-10T14:00:00.000Z',
    passwordLastUsed: minutesAgo(ctx, 35),
    tags: { team: 'contractors' },
    loginProfile: { createDate: '2024-06-10T14:01:00.000Z', passwordResetRequired: false },
    attachedPolicyArns: [ADMIN],
  });
  key(ctx, {
    id: ID.accessKeys.mallory,
    userName: ID.users.mallory,
    status: 'Active',
    createDate: '2024-06-10T14:02:00.000Z',
    lastUsed: {
      date: minutesAgo(ctx, 12),
      region: 'us-east-1',
      serviceName: 'iam',
      sourceIpAddress: ID.malloryIp,
    },
  });

  const artifactsArn = `arn:aws:iam::${accountId}:policy/${ID.managedPolicies.ciArtifacts}`;
  iamOf(ctx).policies[artifactsArn] = {
    name: ID.managedPolicies.ciArtifacts,
    id: iamUniqueId(artifactsArn, 'ANPA', 0),
    arn: artifactsArn,
    path: '/',
    description: 'Read and write the CI artifact bucket',
    createDate: '2023-09-01T09:00:00.000Z',
    updateDate: '2023-09-01T09:00:00.000Z',
    defaultVersionId: 'v1',
    versions: [
      {
        versionId: 'v1',
        document: policy([
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: 'arn:aws:s3:::drill-ci-artifacts/*',
          },
        ]),
        createDate: '2023-09-01T09:00:00.000Z',
      },
    ],
    tags: { team: 'platform' },
  };
  user(ctx, ID.users.ciDeployer, {
    createDate: '2023-09-01T09:00:00.000Z',
    tags: { purpose: 'ci' },
    inlinePolicies: { [ID.inlinePolicies.ciDeployer]: ciDeployPolicy(accountId, ctx.region) },
    attachedPolicyArns: [artifactsArn],
  });
  key(ctx, {
    id: ID.accessKeys.ciDeployer,
    userName: ID.users.ciDeployer,
    status: 'Active',
    createDate: '2023-09-01T09:05:00.000Z',
    lastUsed: { date: minutesAgo(ctx, 2 * 60), region: ctx.region, serviceName: 'ecr' },
  });
}

function role(ctx: HandlerContext, fields: Omit<RoleRecord, 'id' | 'arn'>): void {
  const arn = `arn:aws:iam::${ctx.state.accountId}:role${fields.path}${fields.name}`;
  ctx.state.iam.roles[fields.name] = { id: iamUniqueId(arn, 'AROA', 0), arn, ...fields };
}

function seedRoles(ctx: HandlerContext): void {
  const { accountId } = ctx.state;
  const webApp = ctx.state.iam.roles[ID.roles.webApp];
  if (webApp) {
    webApp.inlinePolicies = {
      [ID.inlinePolicies.webApp]: policy([
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: 'arn:aws:s3:::drill-web-assets/*',
        },
        {
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: `arn:aws:secretsmanager:${ctx.region}:${accountId}:secret:web/*`,
        },
      ]),
    };
    webApp.attachedPolicyArns = [SSM_CORE];
  }
  const bot = ctx.state.iam.roles[ID.roles.bot];
  if (bot) {
    bot.tags = { ...bot.tags, app: 'firebreak' };
    bot.inlinePolicies = {
      [ID.inlinePolicies.bot]: policy([
        {
          Effect: 'Allow',
          Action: [
            'ec2:Describe*',
            'ec2:ModifyNetworkInterfaceAttribute',
            'iam:UpdateAccessKey',
            'iam:PutUserPolicy',
            'iam:PutRolePolicy',
            'sts:GetAccessKeyInfo',
            'cloudtrail:LookupEvents',
          ],
          Resource: '*',
        },
      ]),
    };
  }
  role(ctx, {
    name: ID.roles.autoScalingServiceLinked,
    path: '/aws-service-role/autoscaling.amazonaws.com/',
    createDate: '2024-01-15T09:00:00.000Z',
    assumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'autoscaling.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
    description:
      'Default Service-Linked Role enables access to AWS Services and Resources used or managed by Auto Scaling',
    maxSessionDuration: 3600,
    tags: {},
    inlinePolicies: {},
    attachedPolicyArns: [AUTO_SCALING_SLR],
  });
  role(ctx, {
    name: ID.roles.ssoAdmin,
    path: '/aws-reserved/sso.amazonaws.com/',
    createDate: '2023-02-20T12:00:00.000Z',
    assumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${accountId}:saml-provider/AWSSSO_abc123_DO_NOT_DELETE` },
          Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
          Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
        },
      ],
    }),
    maxSessionDuration: 43200,
    tags: {},
    inlinePolicies: {},
    attachedPolicyArns: [ADMIN],
  });
}

/**
 * The identities revoking credentials works on: users with keys, console access and policies (one near its
 * inline budget), the roles containment must refuse (service-linked, Identity Center, the bot's own), and
 * a key of another account. Fixed ids only: the id sequence is left as it was.
 */
export function seedIdentities(ctx: HandlerContext): void {
  seedUsers(ctx);
  seedRoles(ctx);
  addForeignAccessKey(ctx, ID.accessKeys.foreign, ID.foreignAccountId);
}
