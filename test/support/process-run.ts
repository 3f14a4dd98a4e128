import { applyMessage, type CaseProcessState, type UnifiedMessage } from '../../standard';

/** Applies the messages in order through the process definitions; throws naming the first refused one. */
export function applyAll(state: CaseProcessState | undefined, ...messages: UnifiedMessage[]): CaseProcessState {
  let current = state;
  for (const message of messages) {
    const result = applyMessage(current, message);
    if (!result.ok) throw new Error(`${message.messageType} refused: ${result.violation.reason}`);
    current = result.state;
  }
  return current!;
}
