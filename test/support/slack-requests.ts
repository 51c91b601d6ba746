/** The test harness drives the bot with the same signed requests the simulator sends in drill mode. */
export {
  type ActionInput,
  type BlockActionsInput,
  type BotReply,
  blockActionsBody,
  payloadBody,
  postToBot,
  type SlackSignatureHeaders,
  type SlashCommandInput,
  signSlackRequest,
  slashCommandBody,
  type ViewSubmissionInput,
  viewSubmissionBody,
} from '../../src/sandbox/slack-requests.js';
