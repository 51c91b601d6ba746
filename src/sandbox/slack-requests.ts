import { createHmac } from 'node:crypto';

/**
 * Requests as Slack sends them to the bot: signed, form-encoded, with the payload shapes Slack documents. Tests use
 * these to drive the bot through `/slack/events`; drill mode uses them to send what a person clicked on its page.
 */

type Obj = Record<string, unknown>;

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/** Slack's v0 signature: HMAC-SHA256 over `v0:<timestamp>:<raw body>` with the app's signing secret. */
export function signSlackRequest(
  secret: string,
  body: string,
  timestampSeconds: number,
): SlackSignatureHeaders {
  const digest = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestampSeconds) };
}

export interface SlashCommandInput {
  command?: string;
  text: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  team_id: string;
  team_domain?: string;
  api_app_id: string;
  response_url: string;
  trigger_id: string;
  /** The deprecated verification token Slack still sends; the bot must not rely on it. */
  token?: string;
}

/** A slash command body, fields in the order Slack sends them, encoded as `application/x-www-form-urlencoded`. */
export function slashCommandBody(input: SlashCommandInput): string {
  return new URLSearchParams({
    token: input.token ?? 'deprecated-verification-token',
    team_id: input.team_id,
    team_domain: input.team_domain ?? 'firebreak-drill',
    channel_id: input.channel_id,
    channel_name: input.channel_name ?? 'incidents',
    user_id: input.user_id,
    user_name: input.user_name ?? input.user_id.toLowerCase(),
    command: input.command ?? '/ir',
    text: input.text,
    api_app_id: input.api_app_id,
    is_enterprise_install: 'false',
    response_url: input.response_url,
    trigger_id: input.trigger_id,
  }).toString();
}

export type ActionInput =
  | { type: 'button'; action_id: string; value?: string; block_id?: string; text?: string }
  | {
      type: 'static_select';
      action_id: string;
      selected_option: { value: string; text?: string };
      block_id?: string;
    }
  | {
      type: 'overflow';
      action_id: string;
      selected_option: { value: string; text?: string };
      block_id?: string;
    };

export type UserRef = string | { id: string; username?: string; name?: string; team_id?: string };
export type TeamRef = string | { id: string; domain?: string };

function userObject(user: UserRef, teamId: string): Obj {
  const ref = typeof user === 'string' ? { id: user } : user;
  const name = ref.username ?? ref.name ?? ref.id.toLowerCase();
  return { id: ref.id, username: name, name, team_id: ref.team_id ?? teamId };
}

function teamObject(team: TeamRef): { id: string; domain: string } {
  const ref = typeof team === 'string' ? { id: team } : team;
  return { id: ref.id, domain: ref.domain ?? 'firebreak-drill' };
}

const plain = (text: string): Obj => ({ type: 'plain_text', text, emoji: true });

function actionObject(action: ActionInput, actionTs: string): Obj {
  const blockId = action.block_id ?? 'actions';
  if (action.type === 'button') {
    return {
      action_id: action.action_id,
      block_id: blockId,
      text: plain(action.text ?? action.action_id),
      ...(action.value !== undefined ? { value: action.value } : {}),
      type: 'button',
      action_ts: actionTs,
    };
  }
  const option = action.selected_option;
  return {
    type: action.type,
    action_id: action.action_id,
    block_id: blockId,
    selected_option: { text: plain(option.text ?? option.value), value: option.value },
    action_ts: actionTs,
  };
}

export interface BlockActionsInput {
  user: UserRef;
  team: TeamRef;
  api_app_id: string;
  actions: ActionInput[];
  trigger_id: string;
  /** For actions on a message: its channel, and the message (at least its ts). */
  channel?: string | { id: string; name?: string };
  message_ts?: string;
  message?: Obj;
  /** For actions inside a modal: the view as Slack would echo it (at least its id). */
  view?: Obj;
  container?: Obj;
  response_url?: string;
  state?: Obj;
  /** Seconds; the action_ts Slack stamps on each action. */
  actionTs?: number;
}

/**
 * A `block_actions` interaction as Slack posts it: `payload=<urlencoded JSON>`. A message origin carries channel,
 * message, container and response_url; a modal origin carries the view and no response_url, as in Slack.
 */
export function blockActionsBody(input: BlockActionsInput): string {
  const team = teamObject(input.team);
  const actionTs = (input.actionTs ?? Date.now() / 1000).toFixed(6);
  const channel =
    typeof input.channel === 'string' ? { id: input.channel, name: 'incidents' } : input.channel;
  const messageTs =
    input.message_ts ?? (typeof input.message?.ts === 'string' ? input.message.ts : undefined);
  const onMessage = channel !== undefined && messageTs !== undefined;
  const container =
    input.container ??
    (input.view
      ? { type: 'view', view_id: input.view.id }
      : { type: 'message', message_ts: messageTs, channel_id: channel?.id, is_ephemeral: false });
  const payload: Obj = {
    type: 'block_actions',
    user: userObject(input.user, team.id),
    api_app_id: input.api_app_id,
    token: 'deprecated-verification-token',
    container,
    trigger_id: input.trigger_id,
    team,
    enterprise: null,
    is_enterprise_install: false,
    ...(channel ? { channel: { id: channel.id, name: channel.name ?? 'incidents' } } : {}),
    ...(onMessage ? { message: { type: 'message', text: '', ...input.message, ts: messageTs } } : {}),
    ...(input.view ? { view: { type: 'modal', state: { values: {} }, ...input.view } } : {}),
    state: input.state ?? { values: {} },
    ...(input.response_url ? { response_url: input.response_url } : {}),
    actions: input.actions.map((action) => actionObject(action, actionTs)),
  };
  return payloadBody(payload);
}

export interface ViewSubmissionInput {
  user: UserRef;
  team: TeamRef;
  api_app_id: string;
  trigger_id: string;
  /** The view being submitted: at least id and callback_id; private_metadata and blocks as the bot set them. */
  view: {
    id: string;
    callback_id: string;
    private_metadata?: string;
    blocks?: unknown[];
    hash?: string;
  } & Obj;
  /** `state.values`: block_id → action_id → the element's value, e.g. `{ type: 'plain_text_input', value: '…' }`. */
  values: Record<string, Record<string, Obj>>;
  response_urls?: Obj[];
}

/** A `view_submission` interaction as Slack posts it. */
export function viewSubmissionBody(input: ViewSubmissionInput): string {
  const team = teamObject(input.team);
  const { view } = input;
  const payload: Obj = {
    type: 'view_submission',
    team,
    user: userObject(input.user, team.id),
    api_app_id: input.api_app_id,
    token: 'deprecated-verification-token',
    trigger_id: input.trigger_id,
    view: {
      type: 'modal',
      blocks: [],
      private_metadata: '',
      title: plain('Firebreak'),
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: plain('Submit'),
      previous_view_id: null,
      root_view_id: view.id,
      app_id: input.api_app_id,
      external_id: '',
      app_installed_team_id: team.id,
      bot_id: 'B0FIREBREAK',
      hash: '0000000000.00000000',
      ...view,
      team_id: team.id,
      state: { values: input.values },
    },
    response_urls: input.response_urls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return payloadBody(payload);
}

export interface MessageShortcutInput {
  callback_id: string;
  user: UserRef;
  team: TeamRef;
  api_app_id: string;
  trigger_id: string;
  response_url: string;
  channel: string | { id: string; name?: string };
  /** The message the shortcut was used on: at least ts; thread_ts when it is a reply in a thread. */
  message: { ts: string; text?: string; user?: string; thread_ts?: string } & Obj;
  actionTs?: number;
}

/** A `message_action` (message shortcut) interaction as Slack posts it. */
export function messageShortcutBody(input: MessageShortcutInput): string {
  const team = teamObject(input.team);
  const channel = typeof input.channel === 'string' ? { id: input.channel } : input.channel;
  const payload: Obj = {
    type: 'message_action',
    token: 'deprecated-verification-token',
    action_ts: (input.actionTs ?? Date.now() / 1000).toFixed(6),
    team,
    user: userObject(input.user, team.id),
    channel: { id: channel.id, name: channel.name ?? 'incidents' },
    is_enterprise_install: false,
    enterprise: null,
    api_app_id: input.api_app_id,
    callback_id: input.callback_id,
    trigger_id: input.trigger_id,
    response_url: input.response_url,
    message_ts: input.message.ts,
    message: { type: 'message', text: '', ...input.message },
  };
  return payloadBody(payload);
}

/** Interactions arrive form-encoded with the JSON in one `payload` field. */
export function payloadBody(payload: Obj): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface BotReply {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/**
 * POSTs a body to the bot signed as Slack signs it. `timestamp` and `signature` override the real ones, so tests
 * can send stale, future-dated or forged requests.
 */
export async function postToBot(
  botUrl: string,
  body: string,
  options: {
    secret: string;
    timestamp?: number;
    signature?: string;
    now?: () => number;
    contentType?: string;
  },
): Promise<BotReply> {
  const timestamp = options.timestamp ?? Math.floor((options.now ?? Date.now)() / 1000);
  const signed = signSlackRequest(options.secret, body, timestamp);
  const response = await fetch(botUrl, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': signed['x-slack-request-timestamp'],
      'x-slack-signature': options.signature ?? signed['x-slack-signature'],
    },
    body,
  });
  return {
    status: response.status,
    body: await response.text(),
    headers: Object.fromEntries(response.headers),
  };
}
