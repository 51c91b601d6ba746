import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AwsClientFactory } from './aws/clients.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createContainmentService } from './contain/actions.js';
import { createResponderCheck } from './contain/authorize.js';
import { lazyKind } from './contain/kind.js';
import { createSlackProgress } from './contain/progress.js';
import { createCardPublisher } from './detect/card-publisher.js';
import { createAlarmIntake } from './detect/intake.js';
import { createCertificateSource } from './detect/sns-certs.js';
import { createSnsEndpoint } from './detect/sns-endpoint.js';
import { confirmSubscription } from './detect/sns-subscription.js';
import { createSnsVerifier } from './detect/sns-verify.js';
import { createAuditRecorder } from './incident/audit.js';
import { formatIncidentId } from './incident/ids.js';
import { createMemoryStore } from './incident/memory-store.js';
import { createRedisStore } from './incident/redis-store.js';
import { createIncidentService } from './incident/service.js';
import type { IncidentStore } from './incident/store.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, instrumentStore } from './metrics.js';
import { createFirebreakServer, type HttpReply } from './server.js';
import { createSlackApp } from './slack/app.js';
import { createSlackGateway, FILE_UPLOAD_METHOD } from './slack/gateway.js';
import { registerCardActions } from './slack/listeners/card-actions.js';
import { registerCommandListener } from './slack/listeners/commands.js';
import { registerContainActions } from './slack/listeners/contain-actions.js';
import { postToResponseUrl } from './slack/response-url.js';
import { createSlackScheduler } from './slack/scheduler.js';
import { slackClientOptions } from './slack/web-client-options.js';
import { createWorkTracker } from './slack/work-tracker.js';

/** The composition root: config → logger → store → Slack app → HTTP server. Only this file wires things together. */

function readConfigOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`firebreak: ${error.message}\n`);
    process.exit(78);
  }
}

function createStore(config: Config, logger: Logger): IncidentStore {
  if (config.redis) {
    return createRedisStore({ ...config.redis, logger });
  }
  logger.warn(
    'REDIS_URL is not set: using the in-memory store. It serves one process only and forgets everything on restart.',
  );
  return createMemoryStore();
}

async function readiness(store: IncidentStore, config: Config): Promise<HttpReply> {
  const body = (ready: boolean, storeState: string) =>
    JSON.stringify({
      ready,
      mode: config.mode,
      store: { kind: store.kind, state: storeState },
      config: 'loaded',
    });
  try {
    await store.ping();
    return { status: 200, body: body(true, 'reachable'), contentType: 'application/json' };
  } catch {
    return { status: 503, body: body(false, 'unreachable'), contentType: 'application/json' };
  }
}

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger({ level: config.logLevel });
  const metrics = createMetrics();
  const now = () => new Date();
  const store = instrumentStore(createStore(config, logger), metrics);
  const work = createWorkTracker();

  const { app, receiver } = createSlackApp({
    botToken: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    clientOptions: slackClientOptions({
      slackApiUrl: config.slack.apiUrl,
      timeoutMs: config.slack.timeoutMs,
      maxRetries: config.slack.maxRetries,
      logger,
    }),
    logger,
  });
  const scheduler = createSlackScheduler({
    send: (method, args) => {
      if (method === 'response_url') return postToResponseUrl(args, config.slack.timeoutMs);
      if (method === FILE_UPLOAD_METHOD)
        return app.client.filesUploadV2(args as unknown as Parameters<typeof app.client.filesUploadV2>[0]);
      return app.client.apiCall(method, args);
    },
    updatesPerMinute: config.slack.updatesPerMinute,
    onCall: (method, outcome) => metrics.slackCalls.inc({ method, outcome }),
  });
  const slack = createSlackGateway(scheduler);
  const record = createAuditRecorder(store, logger);
  const cards = createCardPublisher({
    store,
    slack,
    record,
    logger,
    now,
    intervalMs: config.cardUpdateIntervalMs,
  });
  const newIncidentId = async () => formatIncidentId(await store.nextSequence('incident'));
  const incidents = createIncidentService({
    store,
    record,
    now,
    changed: (incident) => cards.refresh(incident.id),
    newIncidentId,
  });
  const intake = createAlarmIntake({
    store,
    record,
    cards,
    logger,
    newIncidentId,
    routes: config.routes,
    defaultChannel: config.defaultChannel,
  });
  const sns = createSnsEndpoint({
    verifier: createSnsVerifier({
      topicArns: config.sns.topicArns,
      maxAgeMs: config.sns.maxAgeMs,
      certificates: createCertificateSource({ pinnedDir: config.sns.signingCertsDir }),
      now,
    }),
    store,
    intake,
    confirm: (url) => confirmSubscription(url),
    maxAgeMs: config.sns.maxAgeMs,
    metrics,
    logger,
    now,
  });

  // The AWS SDK and the containment kinds load on first use: a process that only receives alarms stays small.
  let aws: Promise<AwsClientFactory> | undefined;
  const awsClients = () => {
    aws ??= (async () => {
      const { createAwsClientFactory } = await import('./aws/clients.js');
      const drill = config.mode === 'drill' ? (await import('./drill/mode.js')).drillAws(config, logger) : {};
      return createAwsClientFactory({
        timeoutMs: config.aws.timeoutMs,
        maxAttempts: config.aws.maxAttempts,
        roleArnTemplate: config.contain.roleArnTemplate,
        ...drill,
      });
    })();
    return aws;
  };
  if (config.mode === 'drill') await awsClients();
  const progress = createSlackProgress({ slack, logger, intervalMs: 1000 });
  const containment = createContainmentService({
    store,
    record,
    incidents,
    kinds: {
      isolate: lazyKind('isolate', 'Isolate', async () =>
        (await import('./contain/isolate/kind.js')).createIsolateKind({
          selfInstanceId: config.contain.selfInstanceId,
          asgMode: config.contain.asgMode,
          snapshots: config.contain.snapshots,
        }),
      ),
      revoke: lazyKind('revoke', 'Revoke', async () =>
        (await import('./contain/revoke/kind.js')).createRevokeKind({
          ownRoleArns: config.contain.roleArnTemplate ? [config.contain.roleArnTemplate] : [],
          protectedPrincipals: [...config.contain.protectedPrincipals],
          now,
        }),
      ),
    },
    clientsFor: async (target) => (await awsClients()).forTarget(target),
    isResponder: createResponderCheck({
      principals: config.contain.responders,
      usergroupMembers: (group) => slack.usergroupMembers(group),
      now: Date.now,
      logger,
    }),
    settings: config.contain,
    progress,
    now,
    newActionId: async () => `ACT-${await store.nextSequence('action')}`,
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    logger,
    leaseMs: config.contain.leaseMs,
  });
  if (!config.contain.enabled)
    logger.warn('FIREBREAK_CONTAINMENT=off: containment previews work, AWS changes are refused.');

  registerCommandListener(app, {
    command: config.slack.command,
    slack,
    work,
    logger,
    collaborators: {
      store,
      incidents,
      now,
      containment,
      slack,
      isAdmin: (userId) => config.contain.admins.includes(userId),
      defaultRegion: config.aws.defaultRegion,
    },
  });
  registerCardActions(app, { incidents, slack, work, logger });
  registerContainActions(app, {
    containment,
    incidents,
    slack,
    work,
    logger,
    defaultRegion: config.aws.defaultRegion,
  });

  const http = createFirebreakServer({
    slackListener: receiver.requestListener,
    slackGuard: {
      signingSecret: config.slack.signingSecret,
      teamId: config.slack.teamId,
      appId: config.slack.appId,
    },
    sns,
    readiness: () => readiness(store, config),
    store,
    metrics,
    logger,
    now: Date.now,
  });

  if (config.sns.topicArns.length === 0)
    logger.warn('SNS_TOPIC_ARNS is empty: every SNS message will be refused.');
  await new Promise<void>((resolve) => http.server.listen(config.port, config.host, resolve));
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { port, host: config.host, mode: config.mode, store: store.kind },
    `firebreak listening on ${config.host}:${port}`,
  );

  cards
    .postMissingCards()
    .catch((error: unknown) => logger.warn({ err: error }, 'could not look for unposted cards'));
  containment
    .reconcile()
    .then(
      (count) => count > 0 && logger.warn({ count }, 'containment actions were interrupted; offering Resume'),
    )
    .catch((error: unknown) =>
      logger.warn({ err: error }, 'could not look for interrupted containment actions'),
    );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests; finishing acknowledged work');
    const grace = config.shutdownGraceMs;
    await http.shutdown(grace);
    await work.drain(grace);
    await Promise.race([containment.idle(), new Promise((resolve) => setTimeout(resolve, grace).unref())]);
    await Promise.race([progress.idle(), new Promise((resolve) => setTimeout(resolve, grace).unref())]);
    await Promise.race([cards.idle(), new Promise((resolve) => setTimeout(resolve, grace).unref())]);
    await scheduler.drain();
    await store.close().catch(() => {});
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `firebreak: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
