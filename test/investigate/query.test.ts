import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../commands/args.js';
import {
  describeTrailQuery,
  parseTime,
  parseTrailQuery,
  TRAIL_EXAMPLES,
  TRAIL_OPTIONS,
  TRAIL_USAGE,
  type TrailDefaults,
  type TrailQuery,
} from '../../src/investigate/query.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const DEFAULTS = { region: 'eu-west-1', defaultLimit: 500, limitCap: 2000 };

function parse(text: string, defaults: TrailDefaults = DEFAULTS) {
  const args = parseArgs(text, TRAIL_OPTIONS);
  if (!args.ok) return args;
  return parseTrailQuery(args.args, NOW, defaults);
}

function query(text: string): TrailQuery {
  const result = parse(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.problem}`);
  return result.query;
}

function problem(text: string, defaults: TrailDefaults = DEFAULTS): string {
  const result = parse(text, defaults);
  if (result.ok) throw new Error(`expected ${text} to be refused`);
  return result.problem;
}

describe('parseTrailQuery', () => {
  it('reads every option', () => {
    const q = query(
      'user=alice key=AKIAIOSFODNN7EXAMPLE event=ConsoleLogin,CreateUser source=iam resource=i-0123456789abcdef0 ' +
        'type=AWS::EC2::Instance readonly=false ip=203.0.113.0/24 error=AccessDenied since=2h until=2026-11-26T11:30:00Z ' +
        'region=eu-west-1,us-east-1 account=123456789012 limit=50 inc=INC-7',
    );
    expect(q).toEqual({
      user: 'alice',
      key: 'AKIAIOSFODNN7EXAMPLE',
      events: ['ConsoleLogin', 'CreateUser'],
      source: 'iam.amazonaws.com',
      resource: 'i-0123456789abcdef0',
      resourceType: 'AWS::EC2::Instance',
      readOnly: false,
      ip: '203.0.113.0/24',
      error: 'AccessDenied',
      since: new Date('2026-11-26T10:00:00.000Z'),
      until: new Date('2026-11-26T11:30:00.000Z'),
      regions: ['eu-west-1', 'us-east-1'],
      account: '123456789012',
      limit: 50,
    });
  });

  it('applies the defaults: 24 hours back to now, the default region and limit', () => {
    expect(query('user=alice')).toEqual({
      user: 'alice',
      since: new Date('2026-11-25T12:00:00.000Z'),
      until: NOW,
      regions: ['eu-west-1'],
      limit: 500,
    });
    const custom = parse('readonly=true', {
      defaultLimit: 5000,
      limitCap: 1000,
      region: 'us-west-2',
      defaultSince: '1h',
    });
    expect(custom.ok && custom.query).toMatchObject({
      since: new Date('2026-11-26T11:00:00Z'),
      limit: 1000,
      regions: ['us-west-2'],
    });
  });

  it('takes quoted values, straight and curly', () => {
    expect(query('resource="my bucket" user=\'bob\'')).toMatchObject({ resource: 'my bucket', user: 'bob' });
    expect(query('since=“2026-11-26T09:00:00Z” error=“true”')).toMatchObject({
      since: new Date('2026-11-26T09:00:00Z'),
      error: true,
    });
  });

  it.each([
    ['15m', '2026-11-26T11:45:00.000Z'],
    ['2h', '2026-11-26T10:00:00.000Z'],
    ['7d', '2026-11-19T12:00:00.000Z'],
    ['1w', '2026-11-19T12:00:00.000Z'],
    ['2026-11-26T10:00:00Z', '2026-11-26T10:00:00.000Z'],
    ['2026-11-26T10:00Z', '2026-11-26T10:00:00.000Z'],
    ['2026-11-26T10:00:00', '2026-11-26T10:00:00.000Z'],
    ['2026-11-26T10:00:00.250Z', '2026-11-26T10:00:00.250Z'],
    ['2026-11-26T11:00:00+01:00', '2026-11-26T10:00:00.000Z'],
    ['2026-11-26T05:00:00-0500', '2026-11-26T10:00:00.000Z'],
    ['2026-11-26', '2026-11-26T00:00:00.000Z'],
  ])('reads since=%s as %s (UTC unless an offset is given)', (value, expected) => {
    expect(query(`user=a since=${value}`).since.toISOString()).toBe(expected);
  });

  it.each([
    '2',
    '2x',
    '-2h',
    '1.5h',
    'yesterday',
    '2026-02-30',
    '2026-13-01T00:00:00Z',
    '2026-11-26T24:00:00Z',
    '26/11/2026',
  ])('refuses since=%s and says what it takes', (value) => {
    expect(problem(`user=a since=${value}`)).toMatch(
      /`since=` takes a duration such as 15m, 2h, 7d or 1w, or an ISO-8601 time/,
    );
  });

  it('refuses a bad until', () => {
    expect(problem('user=a until=tomorrow')).toMatch(/`until=` takes an ISO-8601 time/);
  });

  it('refuses impossible ranges', () => {
    expect(problem('user=a since=2026-11-26T11:00:00Z until=2026-11-26T10:00:00Z')).toMatch(
      /time range is empty: until \(2026-11-26T10:00:00Z\) is not after since \(2026-11-26T11:00:00Z\)/,
    );
    expect(problem('user=a since=2026-11-26T10:00:00Z until=2026-11-26T10:00:00Z')).toMatch(
      /time range is empty/,
    );
    expect(problem('user=a since=2026-11-27T10:00:00Z')).toMatch(/in the future/);
  });

  it('refuses since beyond the 90 days LookupEvents covers, and allows exactly 90 days', () => {
    expect(problem('user=a since=91d')).toMatch(/covers the last 90 days only.*Athena/);
    expect(problem('user=a since=2026-01-01T00:00:00Z')).toMatch(/before 2026-08-28T12:00:00Z/);
    expect(query('user=a since=90d').since.toISOString()).toBe('2026-08-28T12:00:00.000Z');
  });

  it('counts the default window back from until when since is left out', () => {
    expect(query('user=a until=2026-11-20T12:00:00Z')).toMatchObject({
      since: new Date('2026-11-19T12:00:00Z'),
      until: new Date('2026-11-20T12:00:00Z'),
    });
    // Cut to the 90 days of history rather than refused: the responder did not ask for the older day.
    expect(query('user=a until=2026-08-29T00:00:00Z').since.toISOString()).toBe('2026-08-28T12:00:00.000Z');
    expect(problem('user=a until=2026-08-01T00:00:00Z')).toMatch(
      /`until=` is before 2026-08-28T12:00:00Z: CloudTrail/,
    );
  });

  it('clamps an until in the future to now', () => {
    expect(query('user=a until=2027-01-01T00:00:00Z').until).toEqual(NOW);
    expect(query('user=a since=3h until=1h').until.toISOString()).toBe('2026-11-26T11:00:00.000Z');
  });

  it('checks access key ids', () => {
    expect(query('key=ASIAY34FZKBOKMUTVV7A').key).toBe('ASIAY34FZKBOKMUTVV7A');
    for (const bad of [
      'AKIA123',
      'akiaiosfodnn7example',
      'ABIAIOSFODNN7EXAMPLE',
      'AKIAIOSFODNN7EXAMPL!',
      `AKIA${'A'.repeat(125)}`,
    ]) {
      expect(problem(`key=${bad}`), bad).toMatch(/is not an access key id: one starts with AKIA/);
    }
  });

  it('checks ip= as an IPv4 or IPv6 address or CIDR block', () => {
    expect(query('ip=198.51.100.7').ip).toBe('198.51.100.7');
    expect(query('ip=2001:db8::/32').ip).toBe('2001:db8::/32');
    expect(query('ip=2001:db8::1').ip).toBe('2001:db8::1');
    expect(query('ip=10.0.0.0/08').ip).toBe('10.0.0.0/8');
    for (const bad of [
      '300.1.1.1',
      '10.0.0.0/33',
      '2001:db8::/129',
      '10.0.0.0/8/8',
      'example.com',
      '10.0.0.0/x',
    ]) {
      expect(problem(`ip=${bad}`), bad).toMatch(/is not an IP address or CIDR block/);
    }
  });

  it('checks readonly=, error= and limit=', () => {
    expect(query('readonly=TRUE').readOnly).toBe(true);
    expect(problem('readonly=yes')).toMatch(/`readonly=` takes true or false/);
    expect(query('error=true').error).toBe(true);
    expect(query('error=Client.UnauthorizedOperation').error).toBe('Client.UnauthorizedOperation');
    expect(problem('error=false')).toMatch(/leave `error=` out/);
    expect(problem('error=<!channel>')).toMatch(/is not an error code/);
    expect(query('user=a limit=2000').limit).toBe(2000);
    expect(problem('user=a limit=2001')).toMatch(/over the cap of 2000/);
    expect(problem('user=a limit=0')).toMatch(/positive whole number/);
    expect(problem('user=a limit=ten')).toMatch(/positive whole number/);
  });

  it('checks regions, accounts, names and types', () => {
    expect(query('user=a region=EU-WEST-1,eu-west-1,us-gov-west-1').regions).toEqual([
      'eu-west-1',
      'us-gov-west-1',
    ]);
    expect(problem('user=a region=eu-west-1,mars-north-1x')).toMatch(
      /`mars-north-1x` is not an AWS region name/,
    );
    expect(problem('user=a account=12345')).toMatch(/not an AWS account id \(12 digits\)/);
    expect(problem('user=a/b')).toMatch(/not an IAM user, role session or `root` name/);
    expect(problem('event=Console<Login>')).toMatch(/not a CloudTrail event name/);
    expect(problem('type=EC2Instance')).toMatch(/not a resource type such as AWS::EC2::Instance/);
    expect(problem('source=IAM AMAZONAWS')).toMatch(/not an option/);
    expect(problem(`event=${Array.from({ length: 21 }, (_, i) => `E${i}`).join(',')}`)).toMatch(
      /at most 20 values/,
    );
  });

  it('names positional words instead of ignoring them', () => {
    expect(problem('alice since=1h')).toBe(
      '`alice` is not an option: `/ir trail` takes key=value options only, such as user=alice or event=ConsoleLogin',
    );
    expect(problem('show me alice')).toMatch(/^`show`, `me`, `alice` are not an option/);
  });

  it('lets parseArgs refuse unknown and repeated keys', () => {
    expect(problem('usr=alice')).toMatch(/unknown option `usr=`.*user=/);
    expect(problem('user=a user=b')).toMatch(/given twice/);
  });

  it('answers an empty query (or one with only inc=) with examples', () => {
    expect(problem('')).toMatch(/say what to look for, for example `\/ir trail user=alice since=2h`/);
    expect(problem('inc=INC-3')).toMatch(/say what to look for/);
  });

  it('needs a region when there is no default', () => {
    expect(problem('user=a', { defaultLimit: 10, limitCap: 10 })).toMatch(
      /no region: say which with `region=`/,
    );
  });

  it('parses every example', () => {
    for (const example of TRAIL_EXAMPLES) {
      const text = example.replace(/^\/ir trail /, '');
      expect(parse(text).ok, example).toBe(true);
    }
    for (const option of TRAIL_OPTIONS) expect(TRAIL_USAGE).toContain(`${option}=`);
  });
});

describe('describeTrailQuery', () => {
  it('writes the canonical text with absolute UTC times', () => {
    expect(
      describeTrailQuery(query('since=2h user=alice event=ConsoleLogin,CreateUser ip=10.0.0.0/8 error=true')),
    ).toBe(
      'user=alice event=ConsoleLogin,CreateUser ip=10.0.0.0/8 error=true since=2026-11-26T10:00:00Z until=2026-11-26T12:00:00Z region=eu-west-1 limit=500',
    );
  });

  it('round-trips through the parser, quoting values with spaces', () => {
    const texts = [
      'user=alice key=AKIAIOSFODNN7EXAMPLE event=ConsoleLogin source=signin.amazonaws.com resource="my bucket" type=AWS::S3::Bucket readonly=true ip=2001:db8::/32 error=AccessDenied since=2026-11-26T01:00:00Z until=2026-11-26T02:00:00Z region=eu-west-1,us-east-1 account=123456789012 limit=7',
      `resource='say "hi"' since=1h`,
    ];
    for (const text of texts) {
      const once = query(text);
      expect(query(describeTrailQuery(once))).toEqual(once);
    }
  });
});

describe('parseTime', () => {
  it('is undefined for nonsense', () => {
    expect(parseTime('', NOW)).toBeUndefined();
    expect(parseTime('0x10h', NOW)).toBeUndefined();
  });
});
