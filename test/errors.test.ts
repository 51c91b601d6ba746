import { describe, expect, it } from 'vitest';
import { FirebreakError, userMessage } from '../src/errors.js';

describe('userMessage', () => {
  it('gives the message and the stable code, escaped for mrkdwn, keeping only user mentions live', () => {
    const error = new FirebreakError(
      'AWS_ERROR',
      'Tag <!channel> & <https://evil.example|console> set by <@U0ONCALL>.',
    );
    const text = userMessage(error);
    expect(text).toBe(
      'Tag &lt;!channel&gt; &amp; &lt;https://evil.example|console&gt; set by <@U0ONCALL>. (AWS_ERROR)',
    );
  });

  it('never shows a stack or the text of an unexpected error', () => {
    const text = userMessage(new TypeError('cannot read properties of undefined (reading secretKey)'));
    expect(text).toContain('(INTERNAL)');
    expect(text).not.toContain('secretKey');
    expect(text).not.toMatch(/\n\s+at /);
  });
});
