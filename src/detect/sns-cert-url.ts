/**
 * Which URLs in an SNS message may be trusted: the signing certificate's and, via
 * `checkSnsEndpointUrl`, the subscription links. Pure: no IO.
 */

/**
 * Real AWS region names only. Strict on purpose: a loose `[a-z0-9-]+` would let
 * `sns.s3-ap-southeast-2.amazonaws.com` (an S3 website host anyone can claim) pass as SNS.
 */
const REGION_NAME = /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|us-iso|us-isob)-[a-z]+-\d$/;

const TOPIC_ARN = /^arn:(aws|aws-cn|aws-us-gov):sns:([^:]+):(\d{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/;

const CERT_PATH = /^\/SimpleNotificationService-[0-9a-f]+\.pem$/;

export type SnsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

export interface SnsTopicArn {
  partition: SnsPartition;
  region: string;
  account: string;
  name: string;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

export function isRegionName(region: string): boolean {
  return REGION_NAME.test(region);
}

function partitionOf(region: string): SnsPartition | undefined {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  // The ISO partitions serve SNS from other domains, which we do not trust here.
  if (region.startsWith('us-iso')) return undefined;
  return 'aws';
}

/** Parses `arn:<partition>:sns:<region>:<account>:<name>`; undefined unless the region is real and in that partition. */
export function parseTopicArn(arn: string): SnsTopicArn | undefined {
  const match = TOPIC_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, account, name] = match as unknown as [
    string,
    SnsPartition,
    string,
    string,
    string,
  ];
  if (!isRegionName(region) || partitionOf(region) !== partition) return undefined;
  return { partition, region, account, name };
}

export function regionOfTopicArn(arn: string): string | undefined {
  return parseTopicArn(arn)?.region;
}

/** The one host SNS uses in a region: `sns.<region>.amazonaws.com`, with `.cn` appended in China. */
export function snsHostForRegion(region: string): string {
  return partitionOf(region) === 'aws-cn' ? `sns.${region}.amazonaws.com.cn` : `sns.${region}.amazonaws.com`;
}

/**
 * The rules every SNS-issued URL shares: https on the default port, no userinfo, no fragment,
 * host exactly the SNS endpoint of `region`, and written in canonical form.
 */
export function checkSnsEndpointUrl(raw: string, region: string): UrlCheck {
  if (!isRegionName(region) || !partitionOf(region))
    return { ok: false, reason: 'topic region is not a known region' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'not https' };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'has userinfo' };
  if (url.port !== '') return { ok: false, reason: 'has a non-default port' };
  if (url.hostname !== snsHostForRegion(region))
    return { ok: false, reason: 'host is not the SNS endpoint of the topic region' };
  if (url.href.includes('#')) return { ok: false, reason: 'has a fragment' };
  // Parsers disagree on odd spellings (backslashes, dot segments, case, `:443`); accept only the one AWS sends.
  if (url.href !== raw) return { ok: false, reason: 'not in canonical form' };
  return { ok: true, url };
}

export function checkSigningCertUrl(raw: string, topicRegion: string): UrlCheck {
  const checked = checkSnsEndpointUrl(raw, topicRegion);
  if (!checked.ok) return checked;
  if (checked.url.href.includes('?')) return { ok: false, reason: 'has a query' };
  if (!CERT_PATH.test(checked.url.pathname))
    return { ok: false, reason: 'path is not an SNS signing certificate' };
  return checked;
}
