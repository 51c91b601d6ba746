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
  roles: { webApp: 'web-app-role', asgWorker: 'asg-worker-role', bot: 'firebreak-bot' },
  instanceProfiles: { webApp: 'web-app-profile', asgWorker: 'asg-worker-profile' },
} as const;
