import { bilingual } from '../standard/bilingual';
/** A request the console refuses or cannot serve; `status` is the HTTP status to answer with. */
export class ConsoleError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** English and Chinese, e.g. `reason is required (必须填写原因)`. */
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}

export { bilingual };

export function badRequest(field: string, en: string, zh: string): ConsoleError {
  return new ConsoleError(400, 'BAD_REQUEST', bilingual(`${field}: ${en}`, `${field}：${zh}`));
}

export function notFound(en: string, zh: string): ConsoleError {
  return new ConsoleError(404, 'NOT_FOUND', bilingual(en, zh));
}

export function unavailable(en: string, zh: string): ConsoleError {
  return new ConsoleError(503, 'UNAVAILABLE', bilingual(en, zh));
}
