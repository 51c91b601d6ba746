import { describe, expect, it } from 'vitest';
import { securityGroupOpenToWorld } from '../../../src/investigate/rules/security-group-ingress.js';
import { load, one, run } from './load.js';

const records = load('security-group-ingress.json');
const [ssh, httpsV6, allFlat, sshPrivate, rdpRange, groupSource, egress] = records;

describe('ec2-ingress-open-to-world', () => {
  it('flags SSH from 0.0.0.0/0 as critical, naming group, CIDR and port', () => {
    expect(one(securityGroupOpenToWorld, ssh!)).toMatchObject({
      severity: 'critical',
      reason:
        'sg-0a1b2c3d4e5f60718 opened to 0.0.0.0/0 on tcp 22 by arn:aws:iam::123456789012:user/mallory from 203.0.113.7',
    });
  });

  it('flags HTTPS from ::/0 as high', () => {
    expect(one(securityGroupOpenToWorld, httpsV6!)).toMatchObject({ severity: 'high' });
    expect(one(securityGroupOpenToWorld, httpsV6!)?.reason).toContain('opened to ::/0 on tcp 443');
  });

  it('reads the flat cidrIp form and treats protocol -1 as all traffic', () => {
    expect(one(securityGroupOpenToWorld, allFlat!)).toMatchObject({ severity: 'critical' });
    expect(one(securityGroupOpenToWorld, allFlat!)?.reason).toContain(
      'sg-0c3d4e5f607182930 opened to 0.0.0.0/0 on all traffic',
    );
  });

  it('treats a port range covering RDP as critical', () => {
    expect(one(securityGroupOpenToWorld, rdpRange!)).toMatchObject({ severity: 'critical' });
    expect(one(securityGroupOpenToWorld, rdpRange!)?.reason).toContain('on tcp 3380-3390');
  });

  it('leaves a private CIDR, a security-group source and an egress rule alone', () => {
    expect(one(securityGroupOpenToWorld, sshPrivate!)).toBeUndefined();
    expect(one(securityGroupOpenToWorld, groupSource!)).toBeUndefined();
    expect(one(securityGroupOpenToWorld, egress!)).toBeUndefined();
    expect(run(securityGroupOpenToWorld, records).map((h) => h.index)).toEqual([0, 1, 2, 4]);
  });

  it('flags a refused attempt one step lower', () => {
    const denied = {
      ...ssh!,
      errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    };
    expect(one(securityGroupOpenToWorld, denied)).toMatchObject({ severity: 'high' });
    expect(one(securityGroupOpenToWorld, denied)?.reason).toContain(
      '(attempted, failed: Client.UnauthorizedOperation)',
    );
  });

  it('reads ports recorded as strings and a bare list of permissions', () => {
    const odd = {
      ...ssh!,
      requestParameters: {
        groupId: 'sg-0123',
        ipPermissions: [
          { ipProtocol: 'tcp', fromPort: '20', toPort: '25', ipRanges: [{ cidrIp: '0.0.0.0/0' }] },
        ],
      },
    };
    expect(one(securityGroupOpenToWorld, odd)).toMatchObject({ severity: 'critical' });
    expect(one(securityGroupOpenToWorld, odd)?.reason).toContain('on tcp 20-25');
  });
});
