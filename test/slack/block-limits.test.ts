import { describe, expect, it } from 'vitest';
import { checkBlockKitLimits } from '../../src/slack/block-limits.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string, extra: object = {}) => ({ type: 'section', text: mrkdwn(text), ...extra });
const button = (action_id: string, extra: object = {}) => ({
  type: 'button',
  action_id,
  text: plain('Go'),
  ...extra,
});
const x = (n: number) => 'x'.repeat(n);

/** One violation, mentioning the given words. */
function expectOne(blocks: unknown[], ...words: string[]): void {
  const violations = checkBlockKitLimits(blocks, 'message');
  expect(violations).toHaveLength(1);
  for (const word of words) expect(violations[0]).toContain(word);
}

describe('checkBlockKitLimits', () => {
  it('accepts a well-formed message at the limits', () => {
    const blocks = [
      { type: 'header', block_id: 'h', text: plain(x(150)) },
      section(x(3000), { block_id: 's', accessory: button('a0', { value: x(2000) }) }),
      { type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn(x(2000))) },
      { type: 'context', elements: Array.from({ length: 10 }, () => mrkdwn('c')) },
      { type: 'divider' },
      {
        type: 'actions',
        elements: [
          button('a1', { text: plain(x(75)), confirm: { title: plain(x(100)), text: plain(x(300)) } }),
          {
            type: 'static_select',
            action_id: 'a2',
            placeholder: plain('Pick'),
            options: Array.from({ length: 100 }, (_, i) => ({ text: plain(x(75)), value: `v${i}` })),
          },
          ...Array.from({ length: 23 }, (_, i) => button(`b${i}`)),
        ],
      },
      { type: 'image', image_url: 'https://x.example/a.png', alt_text: 'graph' },
    ];
    expect(checkBlockKitLimits(blocks, 'message')).toEqual([]);
  });

  it('allows 50 blocks in a message and 100 in a modal, no more', () => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(checkBlockKitLimits(blocks(50), 'message')).toEqual([]);
    expect(checkBlockKitLimits(blocks(51), 'message')).toEqual(['blocks: 51 blocks, max 50 in a message']);
    expect(checkBlockKitLimits(blocks(100), 'modal')).toEqual([]);
    expect(checkBlockKitLimits(blocks(101), 'modal')).toHaveLength(1);
  });

  it('limits section text and fields', () => {
    expectOne([section(x(3001))], 'blocks[0] (section).text', '3001', 'max 3000');
    expectOne([{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }], '11 fields');
    expectOne([{ type: 'section', fields: [mrkdwn(x(2001))] }], 'fields[0]', 'max 2000');
    expectOne([{ type: 'section' }], 'needs text or fields');
    expectOne([section('')], 'must not be empty');
  });

  it('limits headers to 150 characters of plain_text', () => {
    expectOne([{ type: 'header', text: plain(x(151)) }], 'header', 'max 150');
    expectOne([{ type: 'header', text: mrkdwn('x') }], 'must be plain_text');
    expectOne([{ type: 'header' }], 'is required');
  });

  it('limits context and actions elements', () => {
    expectOne(
      [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
      '11 elements',
      'max 10',
    );
    const actions = { type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`a${i}`)) };
    expectOne([actions], '26 elements', 'max 25');
    expectOne([{ type: 'actions', elements: [] }], 'at least one element');
  });

  it('limits buttons', () => {
    expectOne([{ type: 'actions', elements: [button('a', { text: plain(x(76)) })] }], 'text', 'max 75');
    expectOne([{ type: 'actions', elements: [button('a', { value: x(2001) })] }], 'value', 'max 2000');
    expectOne([{ type: 'actions', elements: [button(x(256))] }], 'action_id', 'max 255');
    expectOne([{ type: 'actions', elements: [{ type: 'button', action_id: 'a' }] }], 'text: is required');
  });

  it('requires action_id and block_id to be unique across the whole message', () => {
    const blocks = [
      { type: 'actions', block_id: 'one', elements: [button('dup')] },
      section('s', { block_id: 'one', accessory: button('dup') }),
    ];
    const violations = checkBlockKitLimits(blocks, 'message');
    expect(violations).toHaveLength(2);
    expect(violations.some((v) => v.includes('block_id "one" is also used at blocks[0]'))).toBe(true);
    expect(violations.some((v) => v.includes('action_id "dup" is also used at blocks[0]'))).toBe(true);
    expectOne([section('s', { block_id: x(256) })], 'block_id', 'max 255');
  });

  it('limits static_select options and confirm dialogs', () => {
    const select = (extra: object) => ({
      type: 'actions',
      elements: [{ type: 'static_select', action_id: 's', placeholder: plain('p'), ...extra }],
    });
    const options = (n: number, text = 'o') =>
      Array.from({ length: n }, (_, i) => ({ text: plain(text), value: `${i}` }));
    expectOne([select({ options: options(101) })], '101 options', 'max 100');
    expectOne([select({ options: options(1, x(76)) })], 'options[0].text', 'max 75');
    expectOne([select({ options: [{ text: plain('o'), value: x(151) }] })], 'value', 'max 150');
    expectOne([select({})], 'needs options');
    const confirm = (title: number, text: number) => ({
      confirm: { title: plain(x(title)), text: plain(x(text)) },
    });
    expectOne([select({ options: options(1), ...confirm(101, 1) })], 'confirm.title', 'max 100');
    expectOne([select({ options: options(1), ...confirm(1, 301) })], 'confirm.text', 'max 300');
  });

  it('requires image url and alt text', () => {
    const violations = checkBlockKitLimits([{ type: 'image' }], 'message');
    expect(violations).toEqual([
      'blocks[0] (image): image_url (or slack_file) is required',
      'blocks[0] (image): alt_text is required',
    ]);
    expectOne(
      [{ type: 'context', elements: [{ type: 'image', image_url: 'https://x.example/i.png' }] }],
      'alt_text',
    );
  });

  it('reports garbage instead of throwing', () => {
    expect(checkBlockKitLimits([null, 'x', 3, { type: 7 }], 'message')).toHaveLength(4);
    expect(checkBlockKitLimits(null as unknown as unknown[], 'message')).toEqual(['blocks must be an array']);
    expect(checkBlockKitLimits([{ type: 'section', text: 'not an object' }], 'message')).toHaveLength(1);
  });
});
