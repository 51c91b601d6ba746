import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DRILL_DEFAULTS, simulatedSlackSettings } from './drill/drill-settings.js';

/**
 * Configuration comes from the environment only, is validated once at start-up, and is frozen.
 * Secrets may be given directly or as `<NAME>_FILE` (a path), so they can come from Docker or Kubernetes secrets.
 * A problem stops start-up with one line naming the variable; secret values are never printed.
 */

const SECRET_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'REDIS_URL'] as const;

const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCDEF');
const slackId = (example: string) =>
  z.string().regex(/^[A-Z0-9]{3,}$/, `must be a Slack id such as ${example}`);
const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .positive('must be above 0')
    .default(fallback);

const DURATION = /^(\d+)\s*(ms|s|m|h|d)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = DURATION.exec(value.trim());
      if (!match) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as 6h, 30m, 90s or 500ms' });
        return z.NEVER;
      }
      const ms = Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS];
      if (ms <= 0) {
        ctx.addIssue({ code: 'custom', message: 'must be longer than zero' });
        return z.NEVER;
      }
      return ms;
    });

const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

export type RouteMatch = { kind: 'topic' | 'account' | 'prefix'; value: string };
export interface Route {
  match: RouteMatch;
  channel: string;
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;

const ROUTE_VALUE_CHECKS: Record<RouteMatch['kind'], (value: string) => string | undefined> = {
  topic: (value) => (TOPIC_ARN.test(value) ? undefined : 'the topic must be an SNS topic ARN'),
  account: (value) => (/^\d{12}$/.test(value) ? undefined : 'the account must be 12 digits'),
  prefix: () => undefined,
};

/** `FIREBREAK_ROUTES=topic:<arn>=C1,account:123456789012=C2,prefix:prod-=C3`; the first match wins. */
const routes = list.transform((items, ctx) => {
  const parsed: Route[] = [];
  for (const item of items) {
    const match = /^(topic|account|prefix):(.+)=([CG][A-Z0-9]{2,})$/.exec(item);
    const valueProblem = match ? ROUTE_VALUE_CHECKS[match[1] as RouteMatch['kind']](match[2]!) : undefined;
    if (!match || valueProblem) {
      ctx.addIssue({
        code: 'custom',
        message: `"${item}" is not kind:value=CHANNEL (kind: topic, account or prefix)${valueProblem ? `: ${valueProblem}` : ''}`,
      });
      return z.NEVER;
    }
    parsed.push({ match: { kind: match[1] as RouteMatch['kind'], value: match[2]! }, channel: match[3]! });
  }
  return parsed;
});

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => ['true', '1', 'yes'].includes(value));

/** Slack user ids (U…/W…) and user group ids (S…), comma-separated. */
const slackPrincipals = list.pipe(
  z.array(z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'must list Slack user ids (U…) or user group ids (S…)')),
);

const ACTION_KINDS = ['isolate', 'revoke'] as const;

const schema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a port number')
    .min(0, 'must be a port number')
    .max(65535, 'must be a port number')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-[\w-]+$/, 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: z.string().min(16, 'must be the app signing secret (it is empty or too short)'),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  SLACK_TEAM_ID: slackId('T0123ABCD').optional(),
  SLACK_APP_ID: slackId('A0123ABCD').optional(),
  SLACK_COMMAND: z
    .string()
    .regex(/^\/[a-z0-9_-]{1,31}$/, 'must be a slash command such as /ir')
    .default('/ir'),
  SLACK_TIMEOUT_MS: positiveInt(10_000),
  SLACK_MAX_RETRIES: z.coerce
    .number({ error: 'must be a whole number from 0 to 10' })
    .int()
    .min(0)
    .max(10)
    .default(2),
  SLACK_UPDATES_PER_MINUTE: positiveInt(50),
  FIREBREAK_CHANNEL: channelId,
  FIREBREAK_ROUTES: routes,
  FIREBREAK_CARD_UPDATE_INTERVAL: duration('3s'),
  FIREBREAK_SHUTDOWN_GRACE: duration('10s'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_COMMAND_TIMEOUT_MS: positiveInt(1000),
  REDIS_KEY_PREFIX: z.string().min(1).max(64).default('firebreak:'),
  SNS_TOPIC_ARNS: list.pipe(z.array(z.string().regex(TOPIC_ARN, 'must list SNS topic ARNs'))),
  SNS_MAX_AGE: duration('6h'),
  SNS_SIGNING_CERTS_DIR: z.string().min(1).optional(),
  FIREBREAK_MODE: z.enum(['live', 'drill'], { error: 'must be live or drill' }).default('live'),
  FIREBREAK_DRILL_STATE: z.string().min(1).optional(),
  FIREBREAK_DRILL_AWS_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  FIREBREAK_DRILL_LATENCY_MS: z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int()
    .min(0)
    .max(10_000)
    .default(0),
  FIREBREAK_ACTION_LEASE: duration('30s'),
  FIREBREAK_RESPONDERS: slackPrincipals,
  FIREBREAK_ADMINS: slackPrincipals,
  FIREBREAK_APPROVAL: list.pipe(z.array(z.enum(ACTION_KINDS, { error: 'must list isolate and/or revoke' }))),
  FIREBREAK_CONTAINMENT: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  FIREBREAK_DRY_RUN: bool(false),
  FIREBREAK_ALLOW_MEMORY_STORE: bool(false),
  FIREBREAK_ROLE_ARN: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:iam::(\d{12}|\{account\}):role\/[\w+=,.@/-]+$/,
      'must be a role ARN, optionally with {account}',
    )
    .optional(),
  FIREBREAK_PROTECTED_PRINCIPALS: list,
  FIREBREAK_SELF_INSTANCE_ID: z
    .string()
    .regex(/^i-[0-9a-f]{8,17}$/, 'must be an EC2 instance id')
    .optional(),
  FIREBREAK_ASG_MODE: z
    .enum(['standby', 'detach'], { error: 'must be standby or detach' })
    .default('standby'),
  FIREBREAK_SNAPSHOTS: bool(true),
  RUNBOOKS_DIR: z.string().default('runbooks'),
  RUNBOOKS_URL: z
    .string()
    .regex(
      /^https:\/\/[^\s<>|]+\/$/,
      'must be an https URL ending in /, where the runbooks folder is browsed',
    )
    .optional(),
  REPORTS_GIT: bool(false),
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region name such as eu-west-1')
    .optional(),
  TRAIL_DEFAULT_LIMIT: positiveInt(500),
  TRAIL_LIMIT_CAP: positiveInt(5000),
  EVIDENCE_DIR: z.string().min(1).default('./evidence'),
  AWS_TIMEOUT_MS: positiveInt(5000),
  AWS_MAX_ATTEMPTS: z.coerce
    .number({ error: 'must be a whole number from 1 to 10' })
    .int()
    .min(1)
    .max(10)
    .default(3),
});

export type Config = Readonly<{
  port: number;
  host: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  mode: 'live' | 'drill';
  /** A drill without Slack settings: the simulated workspace and its page run in this process. */
  simulatedSlack: boolean;
  drillStatePath?: string;
  drillAwsEndpoint?: string;
  drillLatencyMs: number;
  slack: Readonly<{
    botToken: string;
    signingSecret: string;
    apiUrl?: string;
    teamId?: string;
    appId?: string;
    command: string;
    timeoutMs: number;
    maxRetries: number;
    updatesPerMinute: number;
  }>;
  defaultChannel: string;
  routes: readonly Route[];
  cardUpdateIntervalMs: number;
  shutdownGraceMs: number;
  redis?: Readonly<{ url: string; commandTimeoutMs: number; keyPrefix: string }>;
  sns: Readonly<{ topicArns: readonly string[]; maxAgeMs: number; signingCertsDir?: string }>;
  contain: Readonly<{
    responders: readonly string[];
    admins: readonly string[];
    approval: readonly (typeof ACTION_KINDS)[number][];
    enabled: boolean;
    dryRun: boolean;
    allowMemoryStore: boolean;
    roleArnTemplate?: string;
    selfInstanceId?: string;
    protectedPrincipals: readonly string[];
    asgMode: 'standby' | 'detach';
    snapshots: boolean;
    leaseMs: number;
  }>;
  aws: Readonly<{ defaultRegion?: string; timeoutMs: number; maxAttempts: number }>;
  document: Readonly<{ runbooksDir: string; runbooksUrl?: string; reportsGit: boolean }>;
  investigate: Readonly<{ defaultLimit: number; limitCap: number; evidenceDir: string }>;
}>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** Resolves `<NAME>_FILE` into `<NAME>`; giving both is ambiguous and refused. */
function resolveSecretFiles(env: Env, readFile: (path: string) => string): Env {
  const resolved: Env = { ...env };
  for (const name of SECRET_VARIABLES) {
    const path = env[`${name}_FILE`];
    if (!path) continue;
    if (env[name]) throw new ConfigError(`${name} and ${name}_FILE are both set; set only one.`);
    try {
      resolved[name] = readFile(path).trim();
    } catch {
      throw new ConfigError(`${name}_FILE: cannot read ${path}.`);
    }
  }
  return resolved;
}

/** Empty strings count as unset, as they do in most .env files. */
function dropEmpty(env: Env): Env {
  return Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
}

export function missingSlackSettings(env: Env): boolean {
  return (
    !env.SLACK_BOT_TOKEN &&
    !env.SLACK_BOT_TOKEN_FILE &&
    !env.SLACK_SIGNING_SECRET &&
    !env.SLACK_SIGNING_SECRET_FILE
  );
}

/** A random drill secret: per start, never printed, good only against the in-process simulated workspace. */
const drillSecret = () => randomBytes(24).toString('hex');

export function loadConfig(
  env: Env,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
  newDrillSecret: () => string = drillSecret,
): Config {
  // Nothing about Slack configured: a drill in the simulated workspace, unless live mode was asked for.
  const simulatedSlack = missingSlackSettings(env) && env.FIREBREAK_MODE?.trim() !== 'live';
  if (missingSlackSettings(env) && !simulatedSlack) {
    throw new ConfigError(
      'Slack is not configured: set SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and FIREBREAK_CHANNEL (see .env.example), or unset FIREBREAK_MODE=live to run a drill.',
    );
  }
  if (simulatedSlack && env.FIREBREAK_MODE?.trim() && env.FIREBREAK_MODE.trim() !== 'drill') {
    throw new ConfigError('FIREBREAK_MODE must be live or drill.');
  }
  const drillEnv = simulatedSlack
    ? {
        ...DRILL_DEFAULTS,
        ...dropEmpty(env),
        ...simulatedSlackSettings({
          botToken: `xoxb-drill-${newDrillSecret()}`,
          signingSecret: newDrillSecret(),
        }),
      }
    : env;
  const withSecrets = resolveSecretFiles(drillEnv, readFile);
  // The signing secret is checked before empties are dropped, so that an empty one is named as empty.
  if (withSecrets.SLACK_SIGNING_SECRET !== undefined && withSecrets.SLACK_SIGNING_SECRET.trim() === '') {
    throw new ConfigError('SLACK_SIGNING_SECRET is empty; set it to the app signing secret.');
  }
  const present = dropEmpty(withSecrets);
  const result = schema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'configuration');
    const detail = present[name] === undefined ? 'is required' : issue.message;
    throw new ConfigError(`${name} ${detail}.`);
  }
  const e = result.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    mode: e.FIREBREAK_MODE,
    simulatedSlack,
    drillStatePath: e.FIREBREAK_DRILL_STATE,
    drillAwsEndpoint: e.FIREBREAK_DRILL_AWS_ENDPOINT,
    drillLatencyMs: e.FIREBREAK_DRILL_LATENCY_MS,
    slack: Object.freeze({
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      apiUrl: e.SLACK_API_URL,
      teamId: e.SLACK_TEAM_ID,
      appId: e.SLACK_APP_ID,
      command: e.SLACK_COMMAND,
      timeoutMs: e.SLACK_TIMEOUT_MS,
      maxRetries: e.SLACK_MAX_RETRIES,
      updatesPerMinute: e.SLACK_UPDATES_PER_MINUTE,
    }),
    defaultChannel: e.FIREBREAK_CHANNEL,
    routes: Object.freeze(e.FIREBREAK_ROUTES),
    cardUpdateIntervalMs: e.FIREBREAK_CARD_UPDATE_INTERVAL,
    shutdownGraceMs: e.FIREBREAK_SHUTDOWN_GRACE,
    redis: e.REDIS_URL
      ? Object.freeze({
          url: e.REDIS_URL,
          commandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
          keyPrefix: e.REDIS_KEY_PREFIX,
        })
      : undefined,
    sns: Object.freeze({
      topicArns: Object.freeze(e.SNS_TOPIC_ARNS),
      maxAgeMs: e.SNS_MAX_AGE,
      signingCertsDir: e.SNS_SIGNING_CERTS_DIR,
    }),
    contain: Object.freeze({
      responders: Object.freeze(e.FIREBREAK_RESPONDERS),
      admins: Object.freeze(e.FIREBREAK_ADMINS),
      approval: Object.freeze(e.FIREBREAK_APPROVAL),
      enabled: e.FIREBREAK_CONTAINMENT === 'on',
      dryRun: e.FIREBREAK_DRY_RUN,
      // Drill mode runs against a simulated account, where the store's durability does not protect anything real.
      allowMemoryStore: e.FIREBREAK_ALLOW_MEMORY_STORE || e.FIREBREAK_MODE === 'drill',
      roleArnTemplate: e.FIREBREAK_ROLE_ARN,
      selfInstanceId: e.FIREBREAK_SELF_INSTANCE_ID,
      protectedPrincipals: Object.freeze(e.FIREBREAK_PROTECTED_PRINCIPALS),
      asgMode: e.FIREBREAK_ASG_MODE,
      snapshots: e.FIREBREAK_SNAPSHOTS,
      leaseMs: e.FIREBREAK_ACTION_LEASE,
    }),
    document: Object.freeze({
      runbooksDir: e.RUNBOOKS_DIR,
      runbooksUrl: e.RUNBOOKS_URL,
      reportsGit: e.REPORTS_GIT,
    }),
    aws: Object.freeze({
      defaultRegion: e.AWS_REGION,
      timeoutMs: e.AWS_TIMEOUT_MS,
      maxAttempts: e.AWS_MAX_ATTEMPTS,
    }),
    investigate: Object.freeze({
      // The default never exceeds the cap, whatever the two are set to.
      defaultLimit: Math.min(e.TRAIL_DEFAULT_LIMIT, e.TRAIL_LIMIT_CAP),
      limitCap: e.TRAIL_LIMIT_CAP,
      evidenceDir: e.EVIDENCE_DIR,
    }),
  });
}
