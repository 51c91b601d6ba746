import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { CommandContext } from '../commands/command.js';
import type { AwsClientEngine } from './aws/client-engine.js';
import type { AwsClientFactory } from './aws/clients.js';
import type { ReadClients } from './aws/read-clients.js';
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
import { createCardExtras } from './document/card-extras.js';
import { createCloser } from './document/close.js';
import { closeModal } from './document/close-modal.js';
import { createReportService } from './document/reports.js';
import { loadRunbooks } from './document/runbooks.js';
import { FirebreakError } from './errors.js';
import { createAuditRecorder } from './incident/audit.js';
import { formatIncidentId } from './incident/ids.js';
import { createMemoryStore } from './incident/memory-store.js';
import { createRedisStore } from './incident/redis-store.js';
import { createIncidentService } from './incident/service.js';
import type { IncidentStore } from './incident/store.js';
import { createAlarmGraphs, withAlarmGraph } from './investigate/alarm-graph-intake.js';
import { createCisTriggerQuery } from './investigate/cis-trigger.js';
import { createEvidenceStore } from './investigate/evidence-store.js';
import type { TokenBucket } from './investigate/token-bucket.js';
import type { TrailSearch } from './investigate/trail-lookup.js';
import { createInvestigator } from './investigate/trail-service.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, instrumentStore } from './metrics.js';
import { remediationModal } from './remediate/blocks.js';
import { createRemediationService } from './remediate/service.js';
import { createFirebreakServer, type HttpReply } from './server.js';
import { createSlackApp } from './slack/app.js';
import { createSlackGateway, FILE_UPLOAD_METHOD } from './slack/gateway.js';
import { incidentPicker } from './slack/incident-picker.js';
import { registerCardActions } from './slack/listeners/card-actions.js';
import { type CommandCollaborators, registerCommandListener } from './slack/listeners/commands.js';
import { registerContainActions } from './slack/listeners/contain-actions.js';
import { registerDocumentActions } from './slack/listeners/document-actions.js';
import { registerIncidentPicker } from './slack/listeners/incident-picker.js';
import { registerInvestigateActions } from './slack/listeners/investigate-actions.js';
import { registerRemediateActions } from './slack/listeners/remediate-actions.js';
import { registerShortcuts } from './slack/listeners/shortcuts.js';
import { createPendingPicks } from './slack/pending-picks.js';
import { createPermalinks } from './slack/permalink.js';
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
  const baseConfig = readConfigOrExit();
  const logger = createLogger({ level: baseConfig.logLevel });
  // No Slack settings (and not FIREBREAK_MODE=live): the simulated workspace and its drill page run in-process.
  const drillRuntime = baseConfig.simulatedSlack
    ? await (await import('./drill/runtime.js')).startDrillRuntime(baseConfig, logger)
    : undefined;
  const config = drillRuntime?.config ?? baseConfig;
  const metrics = createMetrics();
  const now = () => new Date();
  const store = instrumentStore(drillRuntime?.store ?? createStore(config, logger), metrics);
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
    extras: createCardExtras({
      store,
      loadRunbooks: () => loadRunbooks(config.document.runbooksDir),
      runbooksUrl: config.document.runbooksUrl,
      now: Date.now,
    }),
    // Once a card is out (its thread exists): the alarm's graph, and who triggered a CIS alarm. Both are built
    // below; no card is posted before start-up has finished.
    onCardPosted: (incident) => {
      alarmGraphs.cardPosted(incident);
      cisTriggerQuery(incident);
    },
  });
  const newIncidentId = async () => formatIncidentId(await store.nextSequence('incident'));
  const incidents = createIncidentService({
    store,
    record,
    now,
    changed: (incident) => cards.refresh(incident.id),
    newIncidentId,
  });
  const alarmIntake = createAlarmIntake({
    store,
    record,
    cards,
    logger,
    newIncidentId,
    routes: config.routes,
    defaultChannel: config.defaultChannel,
  });
  // The alarm of an incident intake opens waits for its card; then its graph goes into the thread.
  const alarmGraphs = createAlarmGraphs({
    work,
    logger,
    poster: async () =>
      (await import('./investigate/alarm-graph.js')).createAlarmGraphPoster({
        slack,
        cloudWatchFor: async (account, region) => (await readClients()).cloudWatch({ account, region }),
        now,
        logger,
      }),
  });
  const intake = withAlarmGraph(alarmIntake, alarmGraphs, logger);
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

  // Two sets of AWS clients on one engine (credentials, client cache, the drill's simulated account): CloudTrail and
  // CloudWatch for alarms and searches, loaded before listening; EC2, IAM and Auto Scaling for containment, loaded
  // on the first containment only (about 100 MB that a process receiving alarms never needs).
  let engine: Promise<AwsClientEngine> | undefined;
  const awsEngine = () => {
    engine ??= (async () => {
      const { createAwsClientEngine } = await import('./aws/client-engine.js');
      const drill =
        config.mode === 'drill'
          ? (drillRuntime?.aws ?? (await import('./drill/mode.js')).drillAws(config, logger))
          : {};
      return createAwsClientEngine({
        timeoutMs: config.aws.timeoutMs,
        maxAttempts: config.aws.maxAttempts,
        roleArnTemplate: config.contain.roleArnTemplate,
        ...drill,
      });
    })();
    return engine;
  };
  let containClients: Promise<AwsClientFactory> | undefined;
  const awsClients = () => {
    containClients ??= (async () => (await import('./aws/clients.js')).awsClientsOn(await awsEngine()))();
    return containClients;
  };
  let observeClients: Promise<ReadClients> | undefined;
  const readClients = () => {
    observeClients ??= (async () =>
      (await import('./aws/read-clients.js')).readClientsOn(await awsEngine()))();
    return observeClients;
  };
  // Loaded before the first request, not during it: module evaluation blocks the event loop, and the first alarm of
  // an incident wave would otherwise pay for it while SNS deliveries wait.
  await readClients();
  const isResponder = createResponderCheck({
    principals: config.contain.responders,
    usergroupMembers: (group) => slack.usergroupMembers(group),
    now: Date.now,
    logger,
  });
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
    isResponder,
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

  // CloudTrail searches share one request budget per account and region: in Redis across replicas, else here.
  let trailSearch: Promise<TrailSearch> | undefined;
  const loadTrailSearch = () => {
    trailSearch ??= (async () => {
      const limiter: TokenBucket = config.redis
        ? (await import('./incident/redis-token-bucket.js')).createRedisTokenBucket({
            ...config.redis,
            logger,
          })
        : (await import('./investigate/token-bucket.js')).createMemoryTokenBucket();
      const { createTrailSearch } = await import('./investigate/trail-lookup.js');
      return createTrailSearch({
        cloudTrailFor: async (account, region) => (await readClients()).cloudTrail({ account, region }),
        limiter,
      });
    })();
    return trailSearch;
  };
  const investigator = createInvestigator({
    search: async (...args) => (await loadTrailSearch())(...args),
    slack,
    evidence: createEvidenceStore(config.investigate.evidenceDir),
    record,
    timeline: (incidentId) => store.timeline(incidentId),
    now,
    logger,
    settings: {
      defaultLimit: config.investigate.defaultLimit,
      limitCap: config.investigate.limitCap,
      defaultRegion: config.aws.defaultRegion,
    },
  });
  const cisTriggerQuery = createCisTriggerQuery({
    investigator,
    refreshCard: (incidentId) => cards.refresh(incidentId),
    say: (incident, message) => cards.say(incident, message),
    work,
    logger,
  });

  // Remediate and document: reports into RUNBOOKS_DIR/incidents, remediation of what containment left.
  const permalink = createPermalinks(scheduler);
  const reports = createReportService({
    store,
    record,
    uploadFile: (upload) => slack.uploadFile(upload),
    permalink,
    loadRunbooks: () => loadRunbooks(config.document.runbooksDir),
    runbooksDir: config.document.runbooksDir,
    git: config.document.reportsGit,
    drillMode: config.mode === 'drill',
    now,
    logger,
  });
  const closeAndReport = createCloser({ incidents, reports, logger });
  const remediation = createRemediationService({
    store,
    record,
    incidents,
    isResponder,
    mutationsBlocked: async () => !config.contain.enabled || (await containment.isFrozen()),
    clientsFor: async (target) => (await awsClients()).forTarget(target),
    // The IAM steps load with the IAM package when a remediation first runs.
    steps: {
      deleteKeys: async (userName, keyIds, clients) => {
        const { deleteKeyStep } = await import('./remediate/iam.js');
        return keyIds.map((keyId) => deleteKeyStep(userName, keyId, clients));
      },
      removeDeny: async (action, clients) =>
        (await import('./remediate/iam.js')).removeDenySteps(action, clients),
    },
    now,
    logger,
  });
  const picks = createPendingPicks(store, now, () => randomUUID());
  const addNote = async (
    incidentId: string,
    note: { text: string; author: string; postedAt: string; permalink?: string },
    actor: string,
  ) => {
    const incident = await incidents.get(incidentId);
    if (incident.status === 'closed')
      throw new FirebreakError('TIMELINE_FROZEN', `${incident.id} is closed; its timeline is frozen.`);
    await record(incidentId, { type: 'note', at: now().toISOString(), actor, text: note.text, source: note });
  };
  const documentTools = {
    record,
    reports,
    remediation,
    uploadFile: (upload: Parameters<typeof slack.uploadFile>[0]) => slack.uploadFile(upload),
    refreshCard: (incidentId: string) => cards.refresh(incidentId),
    closeAndReport,
    async offerPicker(request: Parameters<NonNullable<CommandContext['document']>['offerPicker']>[0]) {
      const token = await picks.save({
        kind: 'command',
        name: request.name,
        args: request.args,
        userId: request.userId,
        channelId: request.channelId,
      });
      await request.reply(incidentPicker(request.prompt, request.open, token));
    },
    modals: {
      close: closeModal,
      remediation: async (incidentId: string) => {
        const { incident, offers } = await remediation.offers(incidentId);
        return remediationModal(incident, offers);
      },
    },
  };

  const commandCollaborators: CommandCollaborators = {
    store,
    incidents,
    now,
    containment,
    slack,
    isAdmin: (userId) => config.contain.admins.includes(userId),
    defaultRegion: config.aws.defaultRegion,
    investigator,
    document: documentTools,
  };
  registerCommandListener(app, {
    command: config.slack.command,
    slack,
    work,
    logger,
    collaborators: commandCollaborators,
  });
  registerCardActions(app, { incidents, slack, work, logger, closeModal });
  registerDocumentActions(app, { closeAndReport, slack, work, logger });
  registerRemediateActions(app, { remediation, slack, work, logger });
  registerShortcuts(app, { store, slack, permalink, picks, addNote, work, logger });
  registerIncidentPicker(app, {
    command: config.slack.command,
    slack,
    work,
    logger,
    picks,
    addNote,
    collaborators: commandCollaborators,
  });
  registerContainActions(app, {
    containment,
    incidents,
    slack,
    work,
    logger,
    defaultRegion: config.aws.defaultRegion,
  });

  registerInvestigateActions(app, {
    investigator,
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
  if (drillRuntime) drillRuntime.serve(http.server);
  else await new Promise<void>((resolve) => http.server.listen(config.port, config.host, resolve));
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
    await drillRuntime?.close();
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
