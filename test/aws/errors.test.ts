import { AutoScalingServiceException } from '@aws-sdk/client-auto-scaling';
import { CloudTrailServiceException } from '@aws-sdk/client-cloudtrail';
import { CloudWatchServiceException } from '@aws-sdk/client-cloudwatch';
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { IAMServiceException } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import {
  AwsCallError,
  awsErrorCode,
  isDryRunSuccess,
  requestIdOf,
  toFirebreakError,
} from '../../src/aws/errors.js';
import { FirebreakError, userMessage } from '../../src/errors.js';

type ServiceError = typeof EC2ServiceException;
function awsError(
  type: ServiceError | typeof IAMServiceException | typeof AutoScalingServiceException,
  name: string,
  message: string,
  status = 400,
  attempts = 1,
) {
  return new type({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: `req-${name}`, attempts },
  });
}
const ec2 = (name: string, message = `${name} message`, status = 400, attempts = 1) =>
  awsError(EC2ServiceException, name, message, status, attempts);
const iam = (name: string, message = `${name} message`, status = 400) =>
  awsError(IAMServiceException, name, message, status);
const nodeError = (code: string, message = `connect ${code} 127.0.0.1:443`) =>
  Object.assign(new Error(message), { code });
const named = (name: string, message = `${name} happened`) => Object.assign(new Error(message), { name });

describe('toFirebreakError: access denied', () => {
  it('names the action AWS reported and where to grant it', () => {
    const error = iam(
      'AccessDenied',
      'User: arn:aws:sts::111122223333:assumed-role/firebreak-responder/firebreak-111122223333 is not authorized to perform: iam:PutUserPolicy on resource: user mallory because no identity-based policy allows the iam:PutUserPolicy action',
      403,
    );
    const mapped = toFirebreakError(error, 'PutUserPolicy on mallory');
    expect(mapped.code).toBe('AWS_ACCESS_DENIED');
    expect(mapped.message).toContain("Firebreak's role is not allowed to run PutUserPolicy on mallory");
    expect(mapped.message).toContain('add the permission iam:PutUserPolicy to the responder role');
    expect(mapped.message).toContain('docs/iam-policy.json');
  });

  it('derives the action from the service and operation when AWS does not say, and drops the encoded blob', () => {
    const error = ec2(
      'UnauthorizedOperation',
      'You are not authorized to perform this operation. Encoded authorization failure message: AbCdEf0123456789xyzLONGBLOB',
      403,
    );
    const mapped = toFirebreakError(error, 'ModifyNetworkInterfaceAttribute on eni-0123');
    expect(mapped.code).toBe('AWS_ACCESS_DENIED');
    expect(mapped.message).toContain('add the permission ec2:ModifyNetworkInterfaceAttribute');
    expect(mapped.message).not.toContain('LONGBLOB');
    expect(mapped.message).toContain('sts:DecodeAuthorizationMessage');
  });

  it('knows the service of CloudTrail and CloudWatch errors too (matched by the exception class name)', () => {
    const trail = toFirebreakError(
      new CloudTrailServiceException({
        name: 'AccessDeniedException',
        message: 'denied',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
      'LookupEvents in eu-west-1',
    );
    expect(trail.message).toContain('add the permission cloudtrail:LookupEvents');
    const graph = toFirebreakError(
      new CloudWatchServiceException({
        name: 'AccessDenied',
        message: 'denied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
      'GetMetricWidgetImage',
    );
    expect(graph.message).toContain('add the permission cloudwatch:GetMetricWidgetImage');
  });

  it.each([
    ['AccessDeniedException', iam('AccessDeniedException')],
    ['AuthFailure', ec2('AuthFailure')],
  ])('maps %s', (_code, error) => {
    expect(toFirebreakError(error, 'DescribeInstances').code).toBe('AWS_ACCESS_DENIED');
  });

  it('says an explicit deny cannot be fixed by adding a permission', () => {
    const error = iam(
      'AccessDenied',
      'User: arn:aws:sts::111122223333:assumed-role/r/s is not authorized to perform: iam:DeleteAccessKey on resource: user bob with an explicit deny in a service control policy',
      403,
    );
    const mapped = toFirebreakError(error, 'iam:DeleteAccessKey on bob');
    expect(mapped.code).toBe('AWS_ACCESS_DENIED');
    expect(mapped.message).toContain('explicit deny');
    expect(mapped.message).toContain('adding a permission will not help');
    expect(mapped.message).not.toContain('add the permission');
  });
});

describe('toFirebreakError: the other families', () => {
  it.each([
    ['Throttling', iam('Throttling', 'Rate exceeded')],
    ['ThrottlingException', iam('ThrottlingException', 'Rate exceeded')],
    ['RequestLimitExceeded', ec2('RequestLimitExceeded', 'Request limit exceeded.', 503, 3)],
    ['TooManyRequestsException', iam('TooManyRequestsException')],
    ['SlowDown', ec2('SlowDown', 'Please reduce your request rate.', 503)],
  ])('%s is AWS_THROTTLED and says it was not applied', (_code, error) => {
    const mapped = toFirebreakError(error, 'DescribeInstances');
    expect(mapped.code).toBe('AWS_THROTTLED');
    expect(mapped.message).toContain('was not applied');
  });

  it('counts the attempts the SDK made', () => {
    const mapped = toFirebreakError(ec2('RequestLimitExceeded', 'x', 503, 3), 'DescribeInstances');
    expect(mapped.message).toContain('after 3 attempts');
  });

  it.each([
    [
      'InvalidInstanceID.NotFound',
      ec2('InvalidInstanceID.NotFound', "The instance ID 'i-0abc' does not exist"),
    ],
    ['InvalidNetworkInterfaceID.NotFound', ec2('InvalidNetworkInterfaceID.NotFound')],
    ['InvalidInstanceID.Malformed', ec2('InvalidInstanceID.Malformed', 'Invalid id: "i-zz"')],
    ['InvalidGroupId.Malformed', ec2('InvalidGroupId.Malformed')],
    ['NoSuchEntity', iam('NoSuchEntity', 'The user with name bob cannot be found.', 404)],
    ['NoSuchEntityException', iam('NoSuchEntityException', 'The role with name r cannot be found.', 404)],
  ])('%s is AWS_NOT_FOUND', (_code, error) => {
    const mapped = toFirebreakError(error, 'DescribeInstances on i-0abc');
    expect(mapped.code).toBe('AWS_NOT_FOUND');
    expect(mapped.message).toContain('another account or region');
    expect(mapped.message).toContain(`AWS said: "${error.message}"`);
  });

  it.each([
    [
      'ValidationError',
      awsError(AutoScalingServiceException, 'ValidationError', 'Instance i-1 is not in InService'),
    ],
    ['InvalidParameterValue', ec2('InvalidParameterValue', 'Value (sg-x) for parameter groupId is invalid')],
    ['InvalidParameterCombination', ec2('InvalidParameterCombination')],
  ])('%s is AWS_INVALID with the AWS detail', (_code, error) => {
    const mapped = toFirebreakError(error, 'EnterStandby on i-1');
    expect(mapped.code).toBe('AWS_INVALID');
    expect(mapped.message).toContain(error.message);
  });

  it.each([
    [
      'TimeoutError',
      named('TimeoutError', 'Socket timed out without establishing a connection within 2000 ms'),
    ],
    ['AbortError', named('AbortError', 'Request aborted')],
    ['ETIMEDOUT', nodeError('ETIMEDOUT')],
  ])('%s is AWS_TIMEOUT and warns the outcome is unknown', (_code, error) => {
    const mapped = toFirebreakError(error, 'ModifyNetworkInterfaceAttribute on eni-1');
    expect(mapped.code).toBe('AWS_TIMEOUT');
    expect(mapped.message).toContain('may or may not have been applied');
  });

  it.each([
    ['ECONNREFUSED', nodeError('ECONNREFUSED')],
    ['ENOTFOUND', nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND ec2.eu-west-1.amazonaws.com')],
    ['ECONNRESET', nodeError('ECONNRESET', 'read ECONNRESET')],
    ['socket hang up', new Error('socket hang up')],
  ])('%s is AWS_UNREACHABLE', (_code, error) => {
    const mapped = toFirebreakError(error, 'DescribeInstances');
    expect(mapped.code).toBe('AWS_UNREACHABLE');
    expect(mapped.message).toContain('check the network, proxy and AWS endpoint settings');
  });

  it.each([
    ['ExpiredToken', iam('ExpiredToken', 'The security token included in the request is expired', 403)],
    [
      'ExpiredTokenException',
      iam('ExpiredTokenException', 'The security token included in the request is expired'),
    ],
    [
      'CredentialsProviderError',
      named('CredentialsProviderError', 'Could not load credentials from any providers'),
    ],
  ])('%s is AWS_CREDENTIALS, not a missing permission', (_code, error) => {
    const mapped = toFirebreakError(error, 'DescribeInstances');
    expect(mapped.code).toBe('AWS_CREDENTIALS');
    expect(mapped.message).toContain('no valid AWS credentials');
  });

  it.each([
    ['InternalError', ec2('InternalError', 'An internal error has occurred', 500)],
    ['ServiceUnavailable', iam('ServiceUnavailable', 'unavailable', 503)],
    ['an unknown 502', ec2('Bogus', 'bad gateway', 502)],
  ])('%s is AWS_UNAVAILABLE', (_code, error) => {
    expect(toFirebreakError(error, 'DescribeInstances').code).toBe('AWS_UNAVAILABLE');
  });

  it('maps state conflicts and quotas to their own codes', () => {
    expect(toFirebreakError(ec2('IncorrectInstanceState'), 'StopInstances on i-1').code).toBe('AWS_CONFLICT');
    expect(toFirebreakError(iam('LimitExceeded'), 'PutUserPolicy on bob').code).toBe('AWS_LIMIT');
    expect(toFirebreakError(ec2('SecurityGroupLimitExceeded'), 'CreateSecurityGroup').code).toBe('AWS_LIMIT');
  });

  it('keeps an unknown AWS code in the message', () => {
    const mapped = toFirebreakError(
      ec2('OptInRequired', 'You are not subscribed to this service.'),
      'DescribeInstances',
    );
    expect(mapped.code).toBe('AWS_ERROR');
    expect(mapped.message).toContain('AWS error OptInRequired');
    expect(mapped.message).toContain('You are not subscribed to this service.');
  });

  it('keeps the original error, the AWS code and the request id', () => {
    const error = ec2('InvalidInstanceID.NotFound');
    const mapped = toFirebreakError(error, 'DescribeInstances on i-1');
    expect(mapped).toBeInstanceOf(AwsCallError);
    expect(mapped).toBeInstanceOf(FirebreakError);
    expect(mapped.cause).toBe(error);
    expect(mapped.awsCode).toBe('InvalidInstanceID.NotFound');
    expect(mapped.requestId).toBe('req-InvalidInstanceID.NotFound');
    expect(userMessage(mapped)).toMatch(/\(AWS_NOT_FOUND\)$/);
  });

  it('keeps the code of an error that was already translated and adds the context', () => {
    const inner = new AwsCallError('AWS_ACCESS_DENIED', 'Firebreak cannot assume r.', {
      awsCode: 'AccessDenied',
      requestId: 'req-sts',
    });
    const mapped = toFirebreakError(inner, 'DescribeInstances on i-1');
    expect(mapped.code).toBe('AWS_ACCESS_DENIED');
    expect(mapped.message).toBe('DescribeInstances on i-1: Firebreak cannot assume r.');
    expect(mapped.awsCode).toBe('AccessDenied');
    expect(mapped.requestId).toBe('req-sts');
  });
});

describe('secrets never reach a message', () => {
  it('cuts access key ids, signed URLs and URL credentials, and bounds the length', () => {
    const error = ec2(
      'SignatureMismatchSomething',
      `Key AKIAIOSFODNN7EXAMPLE and session ASIAIOSFODNN7EXAMPLE failed for https://user:pass@bucket.s3.amazonaws.com/obj?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101&X-Amz-Signature=deadbeef and X-Amz-Security-Token=FQoGZXIvYXdzE ${'padding '.repeat(80)}`,
    );
    const { message } = toFirebreakError(error, 'DescribeInstances');
    expect(message).not.toMatch(/AKIA|ASIA|deadbeef|user:pass|FQoGZXIvYXdzE|X-Amz-Credential/);
    expect(message).toContain('https://bucket.s3.amazonaws.com/obj?[query omitted]');
    expect(message.length).toBeLessThan(600);
  });
});

describe('awsErrorCode, requestIdOf, isDryRunSuccess', () => {
  it('reads the code from Code, name or code', () => {
    expect(awsErrorCode({ Code: 'InvalidGroup.NotFound', name: 'Error' })).toBe('InvalidGroup.NotFound');
    expect(awsErrorCode(ec2('UnauthorizedOperation'))).toBe('UnauthorizedOperation');
    expect(awsErrorCode(nodeError('ECONNREFUSED'))).toBe('ECONNREFUSED');
    expect(awsErrorCode(new Error('plain'))).toBeUndefined();
    expect(awsErrorCode('text')).toBeUndefined();
    // A FirebreakError's code is Firebreak's own, not an AWS code.
    expect(awsErrorCode(new FirebreakError('AWS_BAD_TARGET', 'x'))).toBeUndefined();
  });

  it('reads request ids from results and errors', () => {
    expect(requestIdOf({ $metadata: { requestId: 'req-ok' } })).toBe('req-ok');
    expect(requestIdOf(ec2('InternalError'))).toBe('req-InternalError');
    expect(requestIdOf({ $metadata: {} })).toBeUndefined();
    expect(requestIdOf(undefined)).toBeUndefined();
  });

  it('recognises DryRunOperation on the raw and on the translated error', () => {
    const raw = ec2('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    expect(isDryRunSuccess(raw)).toBe(true);
    expect(isDryRunSuccess(toFirebreakError(raw, 'ModifyNetworkInterfaceAttribute'))).toBe(true);
    expect(isDryRunSuccess(ec2('UnauthorizedOperation'))).toBe(false);
  });
});
