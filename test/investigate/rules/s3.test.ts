import { describe, expect, it } from 'vitest';
import {
  bucketPolicyCrossAccount,
  bucketPolicyPublic,
} from '../../../src/investigate/rules/s3-bucket-policy.js';
import {
  bucketAclPublic,
  publicAccessBlockWeakened,
} from '../../../src/investigate/rules/s3-public-access.js';
import { load, one, run } from './load.js';

const records = load('s3.json');
const [
  publicPolicy,
  vpceOnly,
  sameAccount,
  crossAccount,
  aclAllUsers,
  aclAuthenticatedRead,
  aclLogDelivery,
  deleteBlock,
  putBlockOn,
  putBlockOff,
] = records;
const mallory = 'by arn:aws:iam::123456789012:user/mallory from 203.0.113.7';

describe('s3-bucket-policy-public', () => {
  it('flags Principal "*" without a restricting condition, naming bucket and actions', () => {
    expect(one(bucketPolicyPublic, publicPolicy!)).toMatchObject({
      severity: 'critical',
      reason: `PutBucketPolicy on customer-exports allows anyone (Principal "*") s3:GetObject ${mallory}`,
    });
  });

  it('leaves {"AWS":"*"} pinned to a VPC endpoint, and a same-account principal, alone', () => {
    expect(one(bucketPolicyPublic, vpceOnly!)).toBeUndefined();
    expect(one(bucketPolicyPublic, sameAccount!)).toBeUndefined();
  });

  it('counts {"AWS":"*"} as public when its only condition restricts nothing', () => {
    const policy = {
      bucketName: 'internal-artifacts',
      bucketPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: ['*'] },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::internal-artifacts/*',
            Condition: { Bool: { 'aws:SecureTransport': 'true' } },
          },
        ],
      },
    };
    expect(one(bucketPolicyPublic, { ...vpceOnly!, requestParameters: policy })).toMatchObject({
      severity: 'critical',
    });
  });

  it('reads a policy recorded as a JSON string', () => {
    const asString = {
      ...publicPolicy!,
      requestParameters: {
        bucketName: 'customer-exports',
        bucketPolicy: JSON.stringify({
          Statement: { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
        }),
      },
    };
    expect(one(bucketPolicyPublic, asString)?.reason).toContain('allows anyone (Principal "*") s3:*');
  });
});

describe('s3-bucket-policy-cross-account', () => {
  it('flags a principal in another account, naming the account and ARN', () => {
    expect(one(bucketPolicyCrossAccount, crossAccount!)).toMatchObject({
      severity: 'high',
      reason: `PutBucketPolicy on customer-exports grants account 444455556666 (arn:aws:iam::444455556666:root) ${mallory}`,
    });
  });

  it('leaves a same-account role and a public policy alone', () => {
    expect(one(bucketPolicyCrossAccount, sameAccount!)).toBeUndefined();
    expect(one(bucketPolicyCrossAccount, publicPolicy!)).toBeUndefined();
  });
});

describe('s3-acl-public', () => {
  it('flags an ACL grant to AllUsers as critical', () => {
    expect(one(bucketAclPublic, aclAllUsers!)).toMatchObject({
      severity: 'critical',
      reason: `PutBucketAcl on customer-exports grants AllUsers READ ${mallory}`,
    });
  });

  it('flags the authenticated-read canned ACL as high', () => {
    expect(one(bucketAclPublic, aclAuthenticatedRead!)).toMatchObject({
      severity: 'high',
      reason: `PutBucketAcl on build-cache grants canned ACL authenticated-read ${mallory}`,
    });
  });

  it('leaves an ACL for the owner and log delivery alone', () => {
    expect(one(bucketAclPublic, aclLogDelivery!)).toBeUndefined();
  });

  it('reads the x-amz-grant-* header form', () => {
    const header = {
      ...aclLogDelivery!,
      requestParameters: {
        bucketName: 'app-logs',
        acl: [''],
        'x-amz-grant-read': ['uri="http://acs.amazonaws.com/groups/global/AllUsers"'],
      },
    };
    expect(one(bucketAclPublic, header)).toMatchObject({ severity: 'critical' });
  });
});

describe('s3-public-access-block-weakened', () => {
  it('flags deleting a bucket public access block', () => {
    expect(one(publicAccessBlockWeakened, deleteBlock!)).toMatchObject({
      severity: 'high',
      reason: `DeleteBucketPublicAccessBlock on bucket customer-exports ${mallory}`,
    });
  });

  it('flags a block with flags turned off, naming them', () => {
    expect(one(publicAccessBlockWeakened, putBlockOff!)).toMatchObject({
      severity: 'high',
      reason: `PutBucketPublicAccessBlock on bucket build-cache turns off BlockPublicPolicy, RestrictPublicBuckets ${mallory}`,
    });
  });

  it('reads flags recorded as strings, and the account-wide form', () => {
    const account = {
      ...putBlockOff!,
      eventName: 'PutAccountPublicAccessBlock',
      requestParameters: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: 'false', IgnorePublicAcls: 'true' },
      },
    };
    expect(one(publicAccessBlockWeakened, account)?.reason).toContain(
      'PutAccountPublicAccessBlock on the account turns off BlockPublicAcls',
    );
  });

  it('leaves a block that keeps every flag on alone', () => {
    expect(one(publicAccessBlockWeakened, putBlockOn!)).toBeUndefined();
  });
});

describe('the S3 file as a whole', () => {
  it('flags exactly the expected records per rule', () => {
    expect(run(bucketPolicyPublic, records).map((h) => h.index)).toEqual([0]);
    expect(run(bucketPolicyCrossAccount, records).map((h) => h.index)).toEqual([3]);
    expect(run(bucketAclPublic, records).map((h) => h.index)).toEqual([4, 5]);
    expect(run(publicAccessBlockWeakened, records).map((h) => h.index)).toEqual([7, 9]);
  });
});
