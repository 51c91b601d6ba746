import { fail, type MethodHandler, type Obj, ok, str } from './context.js';

/** files.* as used by `filesUploadV2`: reserve an upload URL, then complete (share) the uploaded files. */

/** Slack's limit for one file is 1 GB; the simulator keeps bytes in memory, so it is stricter. */
export const MAX_SIMULATED_FILE_BYTES = 50 * 1024 * 1024;

export const getUploadURLExternal: MethodHandler = (args, ctx) => {
  const filename = str(args.filename);
  const length = Number(args.length);
  if (!filename) return fail('invalid_arguments', ['[ERROR] missing required field: filename']);
  if (!Number.isInteger(length) || length <= 0) return fail('invalid_arguments', ['[ERROR] invalid length']);
  if (length > MAX_SIMULATED_FILE_BYTES) return fail('file_too_large');
  const file = ctx.files.reserve(filename, length);
  return ok({ upload_url: ctx.uploadUrl(file.id), file_id: file.id });
};

function readFileList(value: unknown): { id: string; title?: string }[] | undefined {
  let list = value;
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const files = list.map((entry) => (typeof entry === 'object' && entry !== null ? (entry as Obj) : {}));
  if (files.some((entry) => !str(entry.id))) return undefined;
  return files.map((entry) => ({ id: String(entry.id), title: str(entry.title) }));
}

export const completeUploadExternal: MethodHandler = (args, ctx) => {
  const list = readFileList(args.files);
  if (!list) return fail('invalid_arguments', ['[ERROR] files must be a list of {id, title}']);
  const files = list.map((entry) => ({ entry, file: ctx.files.get(entry.id) }));
  if (files.some(({ file }) => !file?.content || file.channel)) return fail('file_not_found');
  const channelId = str(args.channel_id);
  let channel: string | undefined;
  let threadTs: string | undefined;
  if (channelId) {
    const access = ctx.directory.writable(channelId);
    if (!access.ok) return fail(access.error);
    channel = access.channel.id;
    if (str(args.thread_ts)) {
      const parent = ctx.conversations.find(channel, args.thread_ts);
      if (!parent) return fail('thread_not_found');
      threadTs = parent.thread_ts ?? parent.ts;
    }
  }
  const shared = files.map(({ entry, file }) => {
    const stored = file!;
    stored.title = entry.title ?? stored.name;
    stored.channel = channel;
    stored.threadTs = threadTs;
    return stored;
  });
  if (channel) {
    // Slack shares the files as a message from the uploader, in the thread when one is given.
    ctx.conversations.post({
      channel,
      thread_ts: threadTs,
      text: typeof args.initial_comment === 'string' ? args.initial_comment : '',
      user: ctx.ids.botUserId,
      bot_id: ctx.ids.botId,
      files: shared.map((file) => ({ id: file.id, name: file.name, title: file.title })),
      via: 'web_api',
    });
  }
  return ok({
    files: shared.map((file) => ({ id: file.id, title: file.title, name: file.name })),
  });
};
