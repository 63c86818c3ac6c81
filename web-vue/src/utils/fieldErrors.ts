import { ApiError, type FieldErrors } from '@/api/http'

/** The messages of a 400's fields the form has no place for, as one text (empty when every field has its place). */
export function unplacedMessages(fieldErrors: FieldErrors, placed: readonly string[]): string {
  return Object.entries(fieldErrors)
    .filter(([field]) => !placed.includes(field))
    .flatMap(([, messages]) => messages)
    .join(' ')
}

/**
 * What a form shows above its fields after a failed submit: the messages of the 400's fields it has no place for, or,
 * when the answer named no field at all (a conflict, an outage), the error's own text from `errorText`.
 */
export function generalProblem(error: unknown, placed: readonly string[], errorText: (error: unknown) => string): string {
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {}
  const unplaced = unplacedMessages(fieldErrors, placed)
  return unplaced || (Object.keys(fieldErrors).length ? '' : errorText(error))
}

/** Our own message followed by the server's detail, when it sent one. */
export function withDetail(message: string, error: ApiError): string {
  return [message, error.detail].filter(Boolean).join(' ')
}
