import { isInstanceId } from '../src/aws/target.js';
import { loadingModal, messageModal, previewModal } from '../src/contain/blocks.js';
import { userMessage } from '../src/errors.js';
import type { SlashCommand } from './command.js';
import { incidentForAction, regionFor, targetOptionProblem } from './target.js';

export const isolateCommand: SlashCommand = {
  name: 'isolate',
  usage: '<instance-id> [reason] [inc=<id>] [region=<region>] [account=<id>]',
  summary: 'Preview, then isolate an EC2 instance: every interface cut off, tracked connections included.',
  examples: [
    'isolate i-0abc1234def567890 crypto-miner',
    'isolate i-0abc1234def567890 inc=INC-12 region=eu-west-1',
  ],
  options: ['inc', 'region', 'account'],
  validate(args) {
    const [instanceId] = args.positional;
    if (!instanceId) return 'an instance id is required';
    if (!isInstanceId(instanceId)) return `\`${instanceId}\` is not an EC2 instance id (i-…)`;
    return targetOptionProblem(args.options);
  },
  async run(context) {
    const [instanceId = '', ...reasonWords] = context.args.positional;
    const { viewId } = await context.slack.openView(context.triggerId, loadingModal(instanceId));
    try {
      const incident = await incidentForAction(context, `Isolation of ${instanceId}`, {
        kind: 'InstanceId',
        id: instanceId,
      });
      const record = await context.containment.preview('isolate', {
        incidentId: incident.id,
        target: {
          account: context.args.options.account ?? incident.account,
          region: regionFor(context, incident),
          resourceId: instanceId,
        },
        reason: reasonWords.join(' ') || undefined,
        requestedBy: context.userId,
      });
      await context.slack.updateView(viewId, previewModal(record));
    } catch (error) {
      await context.slack.updateView(viewId, messageModal('Cannot isolate', userMessage(error)));
    }
  },
};
