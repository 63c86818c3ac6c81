import type { ApiError, FieldErrors } from '@/api/http'

/** The messages of a 400's fields the form has no place for, as one text (empty when every field has its place). */
export function unplacedMessages(fieldErrors: FieldErrors, placed: readonly string[]): string {
  return Object.entries(fieldErrors)
    .filter(([field]) => !placed.includes(field))
    .flatMap(([, messages]) => messages)
    .join(' ')
}

/** Our own message followed by the server's detail, when it sent one. */
export function withDetail(message: string, error: ApiError): string {
  return [message, error.detail].filter(Boolean).join(' ')
}
