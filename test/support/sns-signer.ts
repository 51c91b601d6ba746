/** The signer lives in src/sandbox/ so drill mode and the tests share it; tests keep importing it from here. */
export {
  createSnsSigner,
  notificationFor,
  type SnsSigner,
  subscriptionConfirmationFor,
  type UnsignedSnsMessage,
} from '../../src/sandbox/sns-signer.js';
