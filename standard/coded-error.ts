/**
 * Base of every layer's typed errors: a stable `code` (for programs and i18n message keys), the
 * class's own name, and the i18n key `caselink.<layer>.<code>` (each layer names its namespace).
 */
export abstract class CodedError<Code extends string = string> extends Error {
  readonly code: Code;
  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
  /** The layer's i18n namespace: `core`, `security`, `tracking`. */
  protected abstract get layer(): string;
  /** i18n key, e.g. `caselink.core.BACKLOG_FULL`. */
  get messageKey(): string {
    return `caselink.${this.layer}.${this.code}`;
  }
}
