/**
 * The fixed ids of the drill environment, for tests and the drill page. Instance ids read as their role
 * (i-0web…), as the drill asks for; every other id is hex like AWS's.
 */
export const DRILL_REGION = 'eu-west-1';
export const DRILL_ACCOUNT_ID = '123456789012';

export const DRILL_IDS = {
  vpc: 'vpc-0dd1c0de000000001',
  dhcpOptions: 'dopt-0dd1c0de000000001',
  subnets: { public: 'subnet-0dd1c0de00000a001', private: 'subnet-0dd1c0de00000b002' },
  routeTables: { main: 'rtb-0dd1c0de00000a001', private: 'rtb-0dd1c0de00000b002' },
  networkAcl: 'acl-0dd1c0de000000001',
  internetGateway: 'igw-0dd1c0de000000001',
  egressOnlyInternetGateway: 'eigw-0dd1c0de000000001',
  natGateway: 'nat-0dd1c0de000000001',
  transitGateway: 'tgw-0dd1c0de000000001',
  peeringConnection: 'pcx-0dd1c0de000000001',
  s3GatewayEndpoint: 'vpce-0dd1c0de000000001',
  inspectionEndpoint: 'vpce-0dd1c0de000000002',
  s3PrefixList: 'pl-6da54004',
  securityGroups: {
    web: 'sg-0dd1c0de000000001',
    db: 'sg-0dd1c0de000000002',
    default: 'sg-0dd1c0de000000003',
  },
  instances: {
    web: 'i-0web1a2b3c4d5e6f7',
    asg: 'i-0asg1a2b3c4d5e6f7',
    asgPeer: 'i-0asg2b3c4d5e6f708',
    dual: 'i-0dual2b3c4d5e6f78',
    bastion: 'i-0bastion3c4d5e6f7',
  },
  networkInterfaces: {
    webPrimary: 'eni-0dd1c0de0000000a1',
    webTrunk: 'eni-0dd1c0de0000000a2',
    webBranch: 'eni-0dd1c0de0000000a3',
    asg: 'eni-0dd1c0de0000000b1',
    asgPeer: 'eni-0dd1c0de0000000b2',
    dual: 'eni-0dd1c0de0000000c1',
    bastion: 'eni-0dd1c0de0000000d1',
    natGateway: 'eni-0dd1c0de0000000e1',
  },
  trunkAssociation: 'trunk-assoc-0dd1c0de000000001',
  volumes: {
    webRoot: 'vol-0dd1c0de0000000a1',
    webData: 'vol-0dd1c0de0000000a2',
    asgRoot: 'vol-0dd1c0de0000000b1',
    asgPeerRoot: 'vol-0dd1c0de0000000b2',
    dualRoot: 'vol-0dd1c0de0000000c1',
    bastionRoot: 'vol-0dd1c0de0000000d1',
  },
  elasticIps: {
    web: {
      allocationId: 'eipalloc-0dd1c0de0000000a1',
      publicIp: '52.50.10.11',
      associationId: 'eipassoc-0dd1c0de0000000a1',
    },
    natGateway: {
      allocationId: 'eipalloc-0dd1c0de0000000e1',
      publicIp: '34.240.1.2',
      associationId: 'eipassoc-0dd1c0de0000000e1',
    },
  },
  autoScalingGroup: 'web-asg',
  launchTemplate: 'lt-0dd1c0de000000001',
  roles: {
    webApp: 'web-app-role',
    asgWorker: 'asg-worker-role',
    /** The bot's own role: the default caller is a session of it. */
    bot: 'firebreak-bot',
    /** Service-linked (path /aws-service-role/autoscaling.amazonaws.com/): never contained. */
    autoScalingServiceLinked: 'AWSServiceRoleForAutoScaling',
    /** IAM Identity Center (path /aws-reserved/sso.amazonaws.com/): IAM refuses to change it. */
    ssoAdmin: 'AWSReservedSSO_AdministratorAccess_abc123',
  },
  instanceProfiles: { webApp: 'web-app-profile', asgWorker: 'asg-worker-profile' },
  users: { alice: 'alice', mallory: 'mallory', ciDeployer: 'ci-deployer' },
  /** Key ids encode their account, as AWS's do (see iam/key-ids.ts). */
  accessKeys: {
    aliceActive: 'AKIARZPUZDIKEQVMKEEI',
    aliceInactive: 'AKIARZPUZDIKNGLJ5ODG',
    mallory: 'AKIARZPUZDIKCLGZQVM3',
    ciDeployer: 'AKIARZPUZDIKLKGVZUCO',
    /** A key of foreignAccountId, e.g. seen in CloudTrail; declared to sts:GetAccessKeyInfo. */
    foreign: 'AKIATCH6YDSYW7QDYU7D',
  },
  /** Temporary (ASIA) keys seen in the seeded CloudTrail history; they encode the account like AKIA keys. */
  sessionKeys: {
    /** web-app-role's session on the web instance (session name i-0web…), seen calling s3:ListBuckets. */
    webApp: 'ASIARZPUZDIKOD333SEO',
  },
  foreignAccountId: '210987654321',
  /** Where mallory's key was last used from. */
  malloryIp: '203.0.113.66',
  inlinePolicies: {
    /** ci-deployer's inline policy, close enough to the 2,048-character budget that no deny fits beside it. */
    ciDeployer: 'ci-deploy',
    webApp: 'web-app-data',
    bot: 'firebreak-containment',
  },
  /** A customer managed policy, attached to ci-deployer. */
  managedPolicies: { ciArtifacts: 'ci-artifacts' },
} as const;
