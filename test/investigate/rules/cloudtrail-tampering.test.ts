import { describe, expect, it } from 'vitest';
import { cloudTrailTampering } from '../../../src/investigate/rules/cloudtrail-tampering.js';
import { load, one, run } from './load.js';

const [
  stopLogging,
  deleteTrail,
  updateTrail,
  putEventSelectors,
  stopLoggingDenied,
  startLogging,
  describeTrails,
] = load('cloudtrail-tampering.json');

describe('cloudtrail-tampering', () => {
  it('flags StopLogging and DeleteTrail as critical, naming the trail, the caller and the IP', () => {
    expect(one(cloudTrailTampering, stopLogging!)).toEqual({
      index: 0,
      severity: 'critical',
      reason:
        'StopLogging on trail arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events by arn:aws:iam::123456789012:user/mallory from 203.0.113.7',
    });
    expect(one(cloudTrailTampering, deleteTrail!)).toMatchObject({ severity: 'critical' });
    expect(one(cloudTrailTampering, deleteTrail!)?.reason).toContain('DeleteTrail on trail org-trail');
  });

  it('flags UpdateTrail and PutEventSelectors as high', () => {
    expect(one(cloudTrailTampering, updateTrail!)).toMatchObject({ severity: 'high' });
    expect(one(cloudTrailTampering, updateTrail!)?.reason).toContain(
      'UpdateTrail on trail management-events',
    );
    expect(one(cloudTrailTampering, putEventSelectors!)).toMatchObject({ severity: 'high' });
    expect(one(cloudTrailTampering, putEventSelectors!)?.reason).toContain(
      'PutEventSelectors on trail management-events',
    );
  });

  it('flags a refused StopLogging one step lower and says it failed', () => {
    expect(one(cloudTrailTampering, stopLoggingDenied!)).toMatchObject({ severity: 'high' });
    expect(one(cloudTrailTampering, stopLoggingDenied!)?.reason).toContain(
      'by arn:aws:iam::123456789012:user/eve from 203.0.113.99 (attempted, failed: AccessDenied)',
    );
  });

  it('leaves StartLogging and DescribeTrails alone', () => {
    expect(run(cloudTrailTampering, [startLogging!, describeTrails!])).toEqual([]);
  });

  it('ignores the same event name from another service', () => {
    expect(one(cloudTrailTampering, { ...stopLogging!, eventSource: 'logs.amazonaws.com' })).toBeUndefined();
  });
});
