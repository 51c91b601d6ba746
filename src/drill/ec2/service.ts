import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { read, type SimulatedService, write } from '../context.js';
import { describeAddresses } from './addresses.js';
import {
  associateIamInstanceProfile,
  describeIamInstanceProfileAssociations,
  disassociateIamInstanceProfile,
} from './iam-instance-profiles.js';
import { describeInstanceAttribute, modifyInstanceAttribute } from './instance-attributes.js';
import { startInstances, stopInstances, terminateInstances } from './instance-state.js';
import { describeInstances } from './instances.js';
import { describeNatGateways } from './nat-gateways.js';
import { createNetworkAclEntry, deleteNetworkAclEntry, describeNetworkAcls } from './network-acls.js';
import { describeNetworkInterfaces, modifyNetworkInterfaceAttribute } from './network-interfaces.js';
import { describeRouteTables } from './route-tables.js';
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  revokeSecurityGroupEgress,
  revokeSecurityGroupIngress,
} from './security-group-rules.js';
import { createSecurityGroup, deleteSecurityGroup, describeSecurityGroups } from './security-groups.js';
import { createSnapshots, describeSnapshots } from './snapshots.js';
import { describeSubnets } from './subnets.js';
import { createTags, deleteTags } from './tags.js';
import { describeTrunkInterfaceAssociations } from './trunk-associations.js';
import { describeVolumes } from './volumes.js';
import { describeVpcEndpoints } from './vpc-endpoints.js';
import { describeVpcs } from './vpcs.js';

export const EC2_SERVICE: SimulatedService = {
  clientName: 'EC2Client',
  eventSource: 'ec2.amazonaws.com',
  actionPrefix: 'ec2',
  dryRun: true,
  // EC2 models no error shapes: every error is an EC2ServiceException named by its code.
  exceptions: { base: EC2ServiceException, modeled: {} },
  operations: {
    DescribeInstances: read(describeInstances),
    DescribeInstanceAttribute: read(describeInstanceAttribute),
    ModifyInstanceAttribute: write(modifyInstanceAttribute),
    StopInstances: write(stopInstances),
    StartInstances: write(startInstances),
    TerminateInstances: write(terminateInstances),
    DescribeNetworkInterfaces: read(describeNetworkInterfaces),
    ModifyNetworkInterfaceAttribute: write(modifyNetworkInterfaceAttribute),
    DescribeTrunkInterfaceAssociations: read(describeTrunkInterfaceAssociations),
    DescribeSecurityGroups: read(describeSecurityGroups),
    CreateSecurityGroup: write(createSecurityGroup),
    DeleteSecurityGroup: write(deleteSecurityGroup),
    AuthorizeSecurityGroupIngress: write(authorizeSecurityGroupIngress),
    AuthorizeSecurityGroupEgress: write(authorizeSecurityGroupEgress),
    RevokeSecurityGroupIngress: write(revokeSecurityGroupIngress),
    RevokeSecurityGroupEgress: write(revokeSecurityGroupEgress),
    CreateTags: write(createTags),
    DeleteTags: write(deleteTags),
    DescribeIamInstanceProfileAssociations: read(describeIamInstanceProfileAssociations),
    AssociateIamInstanceProfile: write(associateIamInstanceProfile),
    DisassociateIamInstanceProfile: write(disassociateIamInstanceProfile),
    DescribeVolumes: read(describeVolumes),
    CreateSnapshots: write(createSnapshots),
    DescribeSnapshots: read(describeSnapshots),
    DescribeVpcs: read(describeVpcs),
    DescribeSubnets: read(describeSubnets),
    DescribeRouteTables: read(describeRouteTables),
    DescribeNatGateways: read(describeNatGateways),
    DescribeVpcEndpoints: read(describeVpcEndpoints),
    DescribeAddresses: read(describeAddresses),
    DescribeNetworkAcls: read(describeNetworkAcls),
    CreateNetworkAclEntry: write(createNetworkAclEntry),
    DeleteNetworkAclEntry: write(deleteNetworkAclEntry),
  },
};
