import type { KnownBlock, ModalView } from '@slack/types';

/** The subset of a scheduler the gateway needs; every outgoing Slack call goes through that one scheduler. */
export interface SlackCallQueue {
  call(
    method: string,
    args: Record<string, unknown>,
    options: { priority: 'interactive' | 'normal' },
  ): Promise<unknown>;
}

export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

/**
 * What the phases may ask of Slack. Small on purpose (as bolt-js keeps its edges small): the phases never see the
 * Web API client, so every call is scheduled, rate-limited and counted in one place.
 */
export interface SlackGateway {
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<{ ts: string }>;
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
  ephemeral(channel: string, user: string, message: SlackMessage, threadTs?: string): Promise<void>;
  /** Replies through a slash command's or an interaction's response_url (works where the bot is not a member). */
  respond(
    responseUrl: string,
    message: SlackMessage & { replaceOriginal?: boolean; inChannel?: boolean },
  ): Promise<void>;
  openView(triggerId: string, view: ModalView): Promise<{ viewId: string }>;
  updateView(viewId: string, view: ModalView): Promise<void>;
  usergroupMembers(usergroupId: string): Promise<string[]>;
  /** Shares a file in a channel (in a thread when given), through Slack's external upload (filesUploadV2). */
  uploadFile(upload: FileUpload): Promise<{ fileId: string }>;
}

export interface FileUpload {
  channel: string;
  threadTs?: string;
  filename: string;
  title?: string;
  content: string | Uint8Array;
  /** A message posted with the file, in mrkdwn; callers escape what they put in it. */
  initialComment?: string;
}

/**
 * The scheduler's name for `WebClient.filesUploadV2`, which is not one Web API method but three calls
 * (files.getUploadURLExternal, the upload, files.completeUploadExternal).
 */
export const FILE_UPLOAD_METHOD = 'files.uploadV2';

export function createSlackGateway(queue: SlackCallQueue): SlackGateway {
  return {
    async post(channel, message, threadTs) {
      const result = (await queue.call(
        'chat.postMessage',
        {
          channel,
          text: message.text,
          blocks: message.blocks,
          thread_ts: threadTs,
          unfurl_links: false,
          unfurl_media: false,
        },
        { priority: 'normal' },
      )) as { ts?: string };
      if (!result?.ts) throw new Error('chat.postMessage returned no ts');
      return { ts: result.ts };
    },
    async update(channel, ts, message) {
      await queue.call(
        'chat.update',
        { channel, ts, text: message.text, blocks: message.blocks },
        { priority: 'normal' },
      );
    },
    async ephemeral(channel, user, message, threadTs) {
      await queue.call(
        'chat.postEphemeral',
        { channel, user, text: message.text, blocks: message.blocks, thread_ts: threadTs },
        { priority: 'interactive' },
      );
    },
    async respond(responseUrl, message) {
      await queue.call(
        'response_url',
        {
          url: responseUrl,
          text: message.text,
          blocks: message.blocks,
          response_type: message.inChannel ? 'in_channel' : 'ephemeral',
          replace_original: message.replaceOriginal ?? false,
        },
        { priority: 'interactive' },
      );
    },
    async openView(triggerId, view) {
      const result = (await queue.call(
        'views.open',
        { trigger_id: triggerId, view },
        { priority: 'interactive' },
      )) as {
        view?: { id?: string };
      };
      if (!result?.view?.id) throw new Error('views.open returned no view id');
      return { viewId: result.view.id };
    },
    async updateView(viewId, view) {
      await queue.call('views.update', { view_id: viewId, view }, { priority: 'interactive' });
    },
    async usergroupMembers(usergroupId) {
      const result = (await queue.call(
        'usergroups.users.list',
        { usergroup: usergroupId },
        { priority: 'interactive' },
      )) as {
        users?: string[];
      };
      return result?.users ?? [];
    },
    async uploadFile(upload) {
      const content =
        typeof upload.content === 'string'
          ? { content: upload.content }
          : { file: Buffer.from(upload.content) };
      const result = (await queue.call(
        FILE_UPLOAD_METHOD,
        {
          channel_id: upload.channel,
          ...(upload.threadTs ? { thread_ts: upload.threadTs } : {}),
          filename: upload.filename,
          title: upload.title ?? upload.filename,
          ...(upload.initialComment ? { initial_comment: upload.initialComment } : {}),
          ...content,
        },
        { priority: 'normal' },
      )) as { files?: { files?: { id?: string }[] }[] };
      const fileId = result?.files?.[0]?.files?.[0]?.id;
      if (!fileId) throw new Error('files.completeUploadExternal returned no file id');
      return { fileId };
    },
  };
}
