import { FirebreakError } from '../errors.js';

/** Where an AWS call goes. Without an account, Firebreak acts as its own (base) identity. */
export interface AwsTarget {
  account?: string;
  region: string;
}

const ACCOUNT = /^\d{12}$/;
// Commercial, GovCloud (-gov), China (cn-), the isolated partitions (-iso, -isob, -isoe, -isof) and the
// European Sovereign Cloud (eusc-de-…). Strict, because the region ends up in hostnames and ARNs.
const REGION = /^(?:[a-z]{2}(?:-gov|-iso[a-z]?)?|eusc-[a-z]{2})-[a-z]+-\d{1,2}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT.test(value);
}

export function isRegionName(value: string): boolean {
  return REGION.test(value);
}

/** Targets often come from alarm ARNs and slash-command arguments, so they are checked before any client exists. */
export function checkTarget(target: AwsTarget): AwsTarget {
  if (!isRegionName(target.region)) {
    throw new FirebreakError(
      'AWS_BAD_TARGET',
      `${quote(target.region)} is not an AWS region name such as us-east-1 or eu-west-2.`,
    );
  }
  if (target.account !== undefined) checkAccount(target.account);
  return target;
}

export function checkAccount(account: string): string {
  if (!isAccountId(account)) {
    throw new FirebreakError(
      'AWS_BAD_TARGET',
      `${quote(account)} is not an AWS account id; an account id is 12 digits, such as 123456789012.`,
    );
  }
  return account;
}

// The value is untrusted input echoed back to a responder: bounded and quoted so it reads as data.
function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/**
 * EC2 instance ids: "i-" and 8 or 17 characters. AWS uses hex; lower-case letters and digits are accepted so
 * that the drill environment's readable ids (i-0web…) work too. Nothing outside [a-z0-9] gets through, so an id
 * is safe to echo in mrkdwn and to put in a button value.
 */
const INSTANCE_ID = /^i-[0-9a-z]{8,17}$/;

export function isInstanceId(value: string): boolean {
  return INSTANCE_ID.test(value);
}
