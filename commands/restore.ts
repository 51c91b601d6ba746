import { isInstanceId } from '../src/aws/target.js';
import { loadingModal, messageModal, restoreModal } from '../src/contain/blocks.js';
import { parseRevokeTarget } from '../src/contain/revoke/target.js';
import { userMessage } from '../src/errors.js';
import type { SlashCommand } from './command.js';

export const restoreCommand: SlashCommand = {
  name: 'restore',
  usage: '<instance-id|user|role|access-key-id>',
  summary: 'Undo the latest isolation of an instance, or revocation of a principal, after a confirmation.',
  examples: ['restore i-0abc1234def567890', 'restore mallory'],
  options: [],
  validate(args) {
    const [target] = args.positional;
    if (!target) return 'what to restore is required (an instance id, a user, a role or an access key id)';
    if (!isInstanceId(target) && !parseRevokeTarget(target)) {
      return `\`${target}\` is neither an EC2 instance id nor an IAM principal`;
    }
    return args.positional.length > 1 ? `unexpected \`${args.positional[1]}\`` : undefined;
  },
  async run(context) {
    const [target = ''] = context.args.positional;
    const kind = isInstanceId(target) ? 'isolate' : 'revoke';
    const { viewId } = await context.slack.openView(context.triggerId, loadingModal(target));
    try {
      const record = await context.containment.latestFor(kind, target);
      const done = kind === 'isolate' ? 'isolated' : 'revoked the credentials of';
      await context.slack.updateView(
        viewId,
        record
          ? restoreModal(record)
          : messageModal('Nothing to restore', `Firebreak has not ${done} \`${target}\`.`),
      );
    } catch (error) {
      await context.slack.updateView(viewId, messageModal('Cannot restore', userMessage(error)));
    }
  },
};
