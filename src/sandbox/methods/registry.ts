import * as chat from './chat.js';
import type { MethodHandler } from './context.js';
import * as files from './files.js';
import * as views from './views.js';
import * as workspace from './workspace.js';

/** The Web API subset the simulator speaks; anything else answers `unknown_method`, as Slack does. */
export const WEB_API_METHODS: Readonly<Record<string, MethodHandler>> = {
  'auth.test': workspace.authTest,
  'chat.postMessage': chat.postMessage,
  'chat.update': chat.update,
  'chat.postEphemeral': chat.postEphemeral,
  'chat.getPermalink': chat.getPermalink,
  'files.getUploadURLExternal': files.getUploadURLExternal,
  'files.completeUploadExternal': files.completeUploadExternal,
  'views.open': views.open,
  'views.update': views.update,
  'views.push': views.push,
  'conversations.info': workspace.conversationsInfo,
  'users.info': workspace.usersInfo,
  'usergroups.users.list': workspace.usergroupsUsersList,
};
