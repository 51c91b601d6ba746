// Block Kit to DOM, for messages and modals. Text goes through mrkdwn.js (text nodes only); images load only from
// this page's origin or data: URLs (the page's Content-Security-Policy), others are shown as a link.
import { renderPlain, renderText } from './mrkdwn.js';

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function image(url, alt) {
  let sameOrigin = false;
  try {
    const parsed = new URL(url, location.href);
    sameOrigin = parsed.origin === location.origin || parsed.protocol === 'data:';
  } catch {
    sameOrigin = false;
  }
  if (sameOrigin) {
    const img = el('img');
    img.src = url;
    img.alt = alt ?? '';
    return img;
  }
  // A remote image is not fetched from the drill page; its address is shown as text.
  return el('span', 'image-title', `[image: ${alt || 'image'} — ${url}]`);
}

/**
 * `ctx`: { names, onAction(element, blockId), confirm(dialog) → Promise<boolean>, inputs (Map, for modals),
 * errors (block_id → message) }.
 */
function button(element, blockId, ctx) {
  const b = el('button', element.style ?? '', renderPlain(element.text));
  b.type = 'button';
  b.dataset.actionId = element.action_id ?? '';
  if (element.url) {
    b.addEventListener('click', () => {
      if (/^https?:/i.test(element.url)) window.open(element.url, '_blank', 'noopener,noreferrer');
    });
    return b;
  }
  b.addEventListener('click', async () => {
    if (element.confirm && !(await ctx.confirm(element.confirm))) return;
    b.disabled = true;
    try {
      await ctx.onAction({
        type: 'button',
        action_id: element.action_id,
        block_id: blockId,
        value: element.value,
      });
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

function optionText(option) {
  return renderPlain(option.text);
}

function staticSelect(element, blockId, ctx, forInput) {
  const select = el('select');
  select.dataset.actionId = element.action_id ?? '';
  const placeholder = el('option', '', element.placeholder ? renderPlain(element.placeholder) : 'Choose…');
  placeholder.value = '';
  select.append(placeholder);
  const options = [
    ...(element.options ?? []),
    ...(element.option_groups ?? []).flatMap((group) => group.options ?? []),
  ];
  for (const option of options) {
    const node = el('option', '', optionText(option));
    node.value = option.value;
    select.append(node);
  }
  if (element.initial_option) select.value = element.initial_option.value;
  if (forInput) return select;
  select.addEventListener('change', async () => {
    const option = options.find((o) => o.value === select.value);
    if (!option) return;
    if (element.confirm && !(await ctx.confirm(element.confirm))) {
      select.value = '';
      return;
    }
    await ctx.onAction({
      type: 'static_select',
      action_id: element.action_id,
      block_id: blockId,
      selected_option: { value: option.value, text: optionText(option) },
    });
  });
  return select;
}

function overflow(element, blockId, ctx) {
  const wrap = el('span', 'overflow-menu');
  const toggle = el('button', '', '⋯');
  toggle.type = 'button';
  toggle.dataset.actionId = element.action_id ?? '';
  const menu = el('div', 'menu');
  menu.hidden = true;
  for (const option of element.options ?? []) {
    const item = el('button', '', optionText(option));
    item.type = 'button';
    item.addEventListener('click', async () => {
      menu.hidden = true;
      await ctx.onAction({
        type: 'overflow',
        action_id: element.action_id,
        block_id: blockId,
        selected_option: { value: option.value, text: optionText(option) },
      });
    });
    menu.append(item);
  }
  toggle.addEventListener('click', () => {
    menu.hidden = !menu.hidden;
  });
  wrap.append(toggle, menu);
  return wrap;
}

function interactive(element, blockId, ctx) {
  switch (element?.type) {
    case 'button':
      return button(element, blockId, ctx);
    case 'static_select':
      return staticSelect(element, blockId, ctx, false);
    case 'overflow':
      return overflow(element, blockId, ctx);
    case 'image':
      return image(element.image_url, element.alt_text);
    default:
      return el('span', 'image-title', `[${element?.type ?? 'element'}]`);
  }
}

function input(block, ctx) {
  const wrap = el('div', 'input-block');
  wrap.dataset.blockId = block.block_id ?? '';
  const id = `input-${block.block_id}`;
  const label = el('label', 'label', renderPlain(block.label) + (block.optional ? ' (optional)' : ''));
  label.htmlFor = id;
  wrap.append(label);
  const element = block.element ?? {};
  let read;
  if (element.type === 'plain_text_input') {
    const field = el(element.multiline ? 'textarea' : 'input');
    field.id = id;
    field.dataset.actionId = element.action_id ?? '';
    if (element.placeholder) field.placeholder = renderPlain(element.placeholder);
    if (element.initial_value) field.value = element.initial_value;
    if (element.max_length) field.maxLength = element.max_length;
    wrap.append(field);
    read = () => ({ type: 'plain_text_input', value: field.value === '' ? null : field.value });
  } else if (element.type === 'static_select') {
    const select = staticSelect(element, block.block_id, ctx, true);
    select.id = id;
    wrap.append(select);
    const options = [
      ...(element.options ?? []),
      ...(element.option_groups ?? []).flatMap((group) => group.options ?? []),
    ];
    read = () => {
      const option = options.find((o) => o.value === select.value);
      return {
        type: 'static_select',
        selected_option: option ? { value: option.value, text: optionText(option) } : null,
      };
    };
  } else if (element.type === 'checkboxes') {
    const boxes = (element.options ?? []).map((option, index) => {
      const row = el('label', 'checkbox');
      const box = el('input');
      box.type = 'checkbox';
      box.value = option.value;
      box.id = `${id}-${index}`;
      box.checked = (element.initial_options ?? []).some((o) => o.value === option.value);
      row.append(box, renderText(option.text, ctx.names));
      wrap.append(row);
      return { box, option };
    });
    read = () => ({
      type: 'checkboxes',
      selected_options: boxes
        .filter(({ box }) => box.checked)
        .map(({ option }) => ({ value: option.value, text: optionText(option) })),
    });
  } else {
    wrap.append(el('span', 'image-title', `[${element.type ?? 'input'} is not simulated]`));
  }
  if (read && ctx.inputs) ctx.inputs.set(block.block_id, { actionId: element.action_id, read });
  if (block.hint) wrap.append(el('span', 'hint-text', renderPlain(block.hint)));
  const error = ctx.errors?.[block.block_id];
  if (error) wrap.append(el('span', 'error', error));
  return wrap;
}

function richText(block) {
  const text = [];
  const walk = (node) => {
    if (!node) return;
    if (typeof node.text === 'string') text.push(node.text);
    if (node.type === 'user') text.push(`@${node.user_id}`);
    if (node.type === 'link') text.push(node.text ?? node.url);
    for (const child of node.elements ?? []) walk(child);
    if (node.type === 'rich_text_section' || node.type === 'rich_text_preformatted') text.push('\n');
  };
  walk(block);
  return el('div', 'text', text.join('').trim());
}

export function renderBlock(block, ctx) {
  const blockId = block.block_id;
  switch (block.type) {
    case 'header':
      return el('div', 'block-header', renderPlain(block.text));
    case 'divider':
      return el('hr', 'divider');
    case 'section': {
      const wrap = el('div', 'block-section');
      const body = el('div', 'body');
      if (block.text) body.append(renderText(block.text, ctx.names));
      if (block.fields?.length) {
        const fields = el('div', 'fields');
        for (const field of block.fields) fields.append(renderText(field, ctx.names));
        body.append(fields);
      }
      wrap.append(body);
      if (block.accessory) wrap.append(interactive(block.accessory, blockId, ctx));
      return wrap;
    }
    case 'context': {
      const wrap = el('div', 'block-context');
      for (const element of block.elements ?? []) {
        wrap.append(
          element.type === 'image'
            ? image(element.image_url, element.alt_text)
            : renderText(element, ctx.names),
        );
      }
      return wrap;
    }
    case 'actions': {
      const wrap = el('div', 'block-actions');
      wrap.dataset.blockId = blockId ?? '';
      for (const element of block.elements ?? []) wrap.append(interactive(element, blockId, ctx));
      return wrap;
    }
    case 'image': {
      const wrap = el('figure', 'block-image');
      if (block.title) wrap.append(el('div', 'image-title', renderPlain(block.title)));
      wrap.append(image(block.image_url, block.alt_text));
      return wrap;
    }
    case 'input':
      return input(block, ctx);
    case 'rich_text':
      return richText(block);
    default:
      return el('div', 'image-title', `[${block.type} block]`);
  }
}

export function renderBlocks(blocks, ctx) {
  const wrap = el('div', 'blocks');
  for (const block of blocks ?? []) wrap.append(renderBlock(block, ctx));
  return wrap;
}
