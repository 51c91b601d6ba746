import { isInstanceId } from '../src/aws/target.js';
import { loadingModal, messageModal, restoreModal } from '../src/contain/blocks.js';
import { userMessage } from '../src/errors.js';
import type { SlashCommand } from './command.js';

export const restoreCommand: SlashCommand = {
  name: 'restore',
  usage: '<instance-id>',
  summary: 'Undo the latest isolation of an instance, after a confirmation.',
  examples: ['restore i-0abc1234def567890'],
  options: [],
  validate(args) {
    const [target] = args.positional;
    if (!target) return 'what to restore is required (an instance id)';
    if (!isInstanceId(target)) return `\`${target}\` is not an EC2 instance id (i-…)`;
    return args.positional.length > 1 ? `unexpected \`${args.positional[1]}\`` : undefined;
  },
  async run(context) {
    const [instanceId = ''] = context.args.positional;
    const { viewId } = await context.slack.openView(context.triggerId, loadingModal(instanceId));
    try {
      const record = await context.containment.latestFor('isolate', instanceId);
      await context.slack.updateView(
        viewId,
        record
          ? restoreModal(record)
          : messageModal('Nothing to restore', `Firebreak has not isolated \`${instanceId}\`.`),
      );
    } catch (error) {
      await context.slack.updateView(viewId, messageModal('Cannot restore', userMessage(error)));
    }
  },
};
