import type { ActionRecord } from '../../src/contain/action.js';
import type { ReportInput } from '../../src/document/inputs.js';
import type { TimelineEvent } from '../../src/incident/timeline.js';
import { isolationAction, revokeAction, sampleInput, sampleInvestigations } from './sample.js';

/**
 * The sample incident with every value an attacker can influence (alarm names and reasons, dimension values, Slack
 * text, CloudTrail fields, AWS error messages) replaced by an injection attempt. Each payload carries PWNED, so a
 * test can find where it landed.
 */
export const HOSTILE = {
  title: 'CPU\n---\ntitle: pwned\n# PWNED <script>alert(1)</script>',
  alarmName: '![](http://tracker.example/pixel.png) prod-web',
  reason: '[click](javascript:alert(1)) | PWNED |\n# PWNED heading',
  instance: 'i-0abc)](javascript:alert(1))',
  note: '<img src=x onerror=alert(1)>\n- PWNED item\n<!-- /keep -->\n### What went well\nPWNED lesson',
  query: '`; rm -rf / #PWNED',
  principal: '[admin](http://evil.example/PWNED)',
  eventName: '<svg onload=alert(1)>PWNED',
  sourceIp: '1. PWNED',
  evidence: '![x](http://tracker.example/PWNED.png)',
  followUp: '- [x] PWNED done\n# PWNED',
} as const;

function hostileAction(action: ActionRecord): ActionRecord {
  return {
    ...action,
    target: {
      ...action.target,
      resourceId: action.kind === 'isolate' ? HOSTILE.instance : 'deploy`bot PWNED',
    },
    reason: '<http://evil.example/autolink> PWNED',
    preview: { lines: [], warnings: ['<https://evil.example/PWNED|console> &lt;b&gt;PWNED&lt;/b&gt;'] },
    steps: action.steps.map((step, i) =>
      i === 0
        ? {
            ...step,
            title: `${step.title} | PWNED\n> quote`,
            note: '~~~ PWNED fence',
            error: { code: 'X', message: '<iframe src=http://evil.example> PWNED' },
            before: { groups: ['sg-1 | PWNED', '<b>PWNED</b>'] },
          }
        : step,
    ),
  };
}

export function hostileInput(): ReportInput {
  const base = sampleInput();
  const timeline = base.timeline.map((event): TimelineEvent => {
    switch (event.type) {
      case 'alarm':
        return { ...event, alarmName: HOSTILE.alarmName, reason: HOSTILE.reason };
      case 'declared':
        return { ...event, title: HOSTILE.title };
      case 'note':
        return { ...event, text: HOSTILE.note };
      case 'card-posted':
        return { ...event, channel: '<!channel> PWNED' };
      case 'denied':
        return { ...event, attempted: '```PWNED', reason: '> PWNED' };
      case 'action':
        return { ...event, target: `${HOSTILE.instance} | PWNED`, note: '[x](http://evil.example/PWNED)' };
      default:
        return event;
    }
  });
  const investigations = sampleInvestigations().map((run) => ({
    ...run,
    query: HOSTILE.query,
    regions: [...run.regions, '<b>PWNED</b>'],
    flagged: run.flagged.map((event) => ({
      ...event,
      rule: '## PWNED rule',
      principal: HOSTILE.principal,
      eventName: HOSTILE.eventName,
      sourceIp: HOSTILE.sourceIp,
      eventId: 'id`PWNED',
    })),
    ...(run.trigger && {
      trigger: {
        control: '## PWNED control',
        principal: HOSTILE.principal,
        eventName: HOSTILE.eventName,
        eventTime: run.trigger.eventTime,
        sourceIp: HOSTILE.sourceIp,
      },
    }),
    evidence: (run.evidence ?? []).map((file) => ({
      ...file,
      name: HOSTILE.evidence,
      sha256: 'not-a-hash|PWNED',
    })),
  }));
  return {
    ...base,
    incident: {
      ...base.incident,
      title: HOSTILE.title,
      alarm: { ...base.incident.alarm!, name: HOSTILE.alarmName, reason: HOSTILE.reason },
      resources: [
        { kind: 'InstanceId', id: HOSTILE.instance },
        { kind: 'BucketName', id: 'bucket](javascript:alert(1))PWNED' },
      ],
      acknowledgedBy: '<@U1> PWNED',
    },
    timeline,
    actions: [hostileAction(isolationAction()), hostileAction(revokeAction())],
    investigations,
    followUps: [
      {
        title: HOSTILE.followUp,
        owner: 'U1\n# PWNED',
        done: false,
        ticket: 'http://tracker.example/PWNED.png',
      },
    ],
    slackThreadUrl: 'javascript:alert("PWNED")',
  };
}
