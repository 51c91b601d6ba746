/**
 * Slack's documented Block Kit limits, checked before a post (Slack answers `invalid_blocks` for the whole message,
 * so one over-long alarm description would otherwise lose the incident card). The Slack Web API simulator uses the
 * same checker, so tests fail where Slack would.
 *
 * Input is `unknown`: the simulator checks whatever a client sent, so nothing here trusts the shape.
 */

export type BlockSurface = 'message' | 'modal';

const LIMITS = {
  blocks: { message: 50, modal: 100 },
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  placeholder: 150,
  selectOptions: 100,
  optionGroups: 100,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  overflowOptions: 5,
  choiceOptions: 10,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  imageUrl: 3000,
  imageAltText: 2000,
  imageTitle: 2000,
  inputLabel: 2000,
  inputHint: 2000,
  markdownText: 12000,
} as const;

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects violations and the ids that must be unique across the whole surface. */
class Checker {
  readonly violations: string[] = [];
  readonly actionIds = new Map<string, string>();
  readonly blockIds = new Map<string, string>();

  fail(where: string, problem: string): void {
    this.violations.push(`${where}: ${problem}`);
  }

  maxLength(where: string, value: unknown, max: number, what: string): void {
    if (typeof value === 'string' && value.length > max) {
      this.fail(where, `${what} is ${value.length} characters, max ${max}`);
    }
  }

  /** A text object: `{type, text}`; `plainOnly` where Slack refuses mrkdwn. */
  text(
    where: string,
    value: unknown,
    max: number,
    options: { required?: boolean; plainOnly?: boolean } = {},
  ): void {
    if (value === undefined) {
      if (options.required) this.fail(where, 'is required');
      return;
    }
    if (!isObj(value) || typeof value.text !== 'string') {
      this.fail(where, 'must be a text object with a string `text`');
      return;
    }
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
      this.fail(where, `text type must be plain_text or mrkdwn, got ${String(value.type)}`);
    } else if (options.plainOnly && value.type !== 'plain_text') {
      this.fail(where, 'must be plain_text');
    }
    if (value.text.length === 0) this.fail(where, 'text must not be empty');
    this.maxLength(where, value.text, max, 'text');
  }

  unique(where: string, ids: Map<string, string>, id: unknown, max: number, what: string): void {
    if (id === undefined) return;
    if (typeof id !== 'string' || id.length === 0) {
      this.fail(where, `${what} must be a non-empty string`);
      return;
    }
    this.maxLength(where, id, max, what);
    const first = ids.get(id);
    if (first !== undefined) this.fail(where, `${what} "${id.slice(0, 80)}" is also used at ${first}`);
    else ids.set(id, where);
  }

  confirm(where: string, value: unknown): void {
    if (value === undefined) return;
    if (!isObj(value)) {
      this.fail(where, 'confirm must be an object');
      return;
    }
    this.text(`${where}.title`, value.title, LIMITS.confirmTitle, { plainOnly: true });
    this.text(`${where}.text`, value.text, LIMITS.confirmText, { required: true });
    this.text(`${where}.confirm`, value.confirm, LIMITS.confirmButton, { plainOnly: true });
    this.text(`${where}.deny`, value.deny, LIMITS.confirmButton, { plainOnly: true });
  }

  option(where: string, value: unknown): void {
    if (!isObj(value)) {
      this.fail(where, 'option must be an object');
      return;
    }
    this.text(`${where}.text`, value.text, LIMITS.optionText, { required: true });
    this.maxLength(where, value.value, LIMITS.optionValue, 'value');
    this.text(`${where}.description`, value.description, LIMITS.optionDescription, { plainOnly: true });
    this.maxLength(where, value.url, LIMITS.url, 'url');
  }

  options(where: string, value: unknown, max: number): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.fail(where, 'options must be an array');
      return;
    }
    if (value.length > max) this.fail(where, `has ${value.length} options, max ${max}`);
    for (const [i, option] of value.entries()) this.option(`${where}[${i}]`, option);
  }

  element(where: string, value: unknown): void {
    if (!isObj(value)) {
      this.fail(where, 'element must be an object');
      return;
    }
    const at = `${where} (${String(value.type)})`;
    this.unique(at, this.actionIds, value.action_id, LIMITS.actionId, 'action_id');
    this.confirm(`${at}.confirm`, value.confirm);
    this.text(`${at}.placeholder`, value.placeholder, LIMITS.placeholder, { plainOnly: true });
    switch (value.type) {
      case 'button':
        this.text(`${at}.text`, value.text, LIMITS.buttonText, { required: true, plainOnly: true });
        this.maxLength(at, value.value, LIMITS.buttonValue, 'value');
        this.maxLength(at, value.url, LIMITS.url, 'url');
        break;
      case 'static_select':
      case 'multi_static_select':
        if (value.options === undefined && value.option_groups === undefined) {
          this.fail(at, 'needs options or option_groups');
        }
        this.options(`${at}.options`, value.options, LIMITS.selectOptions);
        this.optionGroups(`${at}.option_groups`, value.option_groups);
        break;
      case 'overflow':
        if (!Array.isArray(value.options) || value.options.length === 0) this.fail(at, 'needs options');
        this.options(`${at}.options`, value.options, LIMITS.overflowOptions);
        break;
      case 'checkboxes':
      case 'radio_buttons':
        this.options(`${at}.options`, value.options, LIMITS.choiceOptions);
        break;
      case 'image':
        this.image(at, value);
        break;
      default:
        break;
    }
  }

  optionGroups(where: string, value: unknown): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.fail(where, 'option_groups must be an array');
      return;
    }
    if (value.length > LIMITS.optionGroups) {
      this.fail(where, `has ${value.length} groups, max ${LIMITS.optionGroups}`);
    }
    for (const [i, group] of value.entries()) {
      if (!isObj(group)) {
        this.fail(`${where}[${i}]`, 'option group must be an object');
        continue;
      }
      this.text(`${where}[${i}].label`, group.label, LIMITS.optionText, { required: true, plainOnly: true });
      this.options(`${where}[${i}].options`, group.options, LIMITS.selectOptions);
    }
  }

  /** Image blocks and image elements alike need a URL (or an uploaded file) and alt text. */
  image(where: string, value: Obj): void {
    const hasUrl = typeof value.image_url === 'string' && value.image_url !== '';
    if (!hasUrl && value.slack_file === undefined) this.fail(where, 'image_url (or slack_file) is required');
    this.maxLength(where, value.image_url, LIMITS.imageUrl, 'image_url');
    if (typeof value.alt_text !== 'string' || value.alt_text === '') this.fail(where, 'alt_text is required');
    this.maxLength(where, value.alt_text, LIMITS.imageAltText, 'alt_text');
  }

  block(where: string, value: unknown): void {
    if (!isObj(value) || typeof value.type !== 'string') {
      this.fail(where, 'block must be an object with a string `type`');
      return;
    }
    const at = `${where} (${value.type})`;
    this.unique(at, this.blockIds, value.block_id, LIMITS.blockId, 'block_id');
    switch (value.type) {
      case 'section':
        this.section(at, value);
        break;
      case 'header':
        this.text(`${at}.text`, value.text, LIMITS.headerText, { required: true, plainOnly: true });
        break;
      case 'context':
        this.context(at, value);
        break;
      case 'actions':
        this.actions(at, value);
        break;
      case 'image':
        this.image(at, value);
        this.text(`${at}.title`, value.title, LIMITS.imageTitle, { plainOnly: true });
        break;
      case 'input':
        this.text(`${at}.label`, value.label, LIMITS.inputLabel, { required: true, plainOnly: true });
        this.text(`${at}.hint`, value.hint, LIMITS.inputHint, { plainOnly: true });
        if (value.element === undefined) this.fail(at, 'element is required');
        else this.element(`${at}.element`, value.element);
        break;
      case 'markdown':
        if (typeof value.text !== 'string') this.fail(at, 'text is required');
        this.maxLength(at, value.text, LIMITS.markdownText, 'text');
        break;
      default:
        break;
    }
  }

  section(at: string, value: Obj): void {
    if (value.text === undefined && value.fields === undefined) this.fail(at, 'needs text or fields');
    this.text(`${at}.text`, value.text, LIMITS.sectionText);
    if (value.fields !== undefined) {
      if (!Array.isArray(value.fields)) {
        this.fail(at, 'fields must be an array');
      } else {
        if (value.fields.length > LIMITS.sectionFields) {
          this.fail(at, `has ${value.fields.length} fields, max ${LIMITS.sectionFields}`);
        }
        for (const [i, field] of value.fields.entries()) {
          this.text(`${at}.fields[${i}]`, field, LIMITS.fieldText, { required: true });
        }
      }
    }
    if (value.accessory !== undefined) this.element(`${at}.accessory`, value.accessory);
  }

  context(at: string, value: Obj): void {
    if (!Array.isArray(value.elements) || value.elements.length === 0) {
      this.fail(at, 'needs at least one element');
      return;
    }
    if (value.elements.length > LIMITS.contextElements) {
      this.fail(at, `has ${value.elements.length} elements, max ${LIMITS.contextElements}`);
    }
    for (const [i, element] of value.elements.entries()) {
      if (isObj(element) && element.type === 'image') this.image(`${at}.elements[${i}]`, element);
      else this.text(`${at}.elements[${i}]`, element, LIMITS.contextText, { required: true });
    }
  }

  actions(at: string, value: Obj): void {
    if (!Array.isArray(value.elements) || value.elements.length === 0) {
      this.fail(at, 'needs at least one element');
      return;
    }
    if (value.elements.length > LIMITS.actionsElements) {
      this.fail(at, `has ${value.elements.length} elements, max ${LIMITS.actionsElements}`);
    }
    for (const [i, element] of value.elements.entries()) this.element(`${at}.elements[${i}]`, element);
  }
}

/** Every limit a Slack surface would reject, one human line each; an empty list means Slack would accept it. */
export function checkBlockKitLimits(blocks: unknown[], surface: BlockSurface): string[] {
  const checker = new Checker();
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const max = LIMITS.blocks[surface];
  if (blocks.length > max) checker.fail('blocks', `${blocks.length} blocks, max ${max} in a ${surface}`);
  for (const [i, block] of blocks.entries()) checker.block(`blocks[${i}]`, block);
  return checker.violations;
}
