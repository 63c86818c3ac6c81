/**
 * One Idempotency-Key per request the customer means. Sending the same request again after no answer, a server fault
 * (5xx) or a 409 "still being processed" reuses the key, so the server replays its first answer instead of acting
 * twice; a request with other details is another attempt and gets a new key. After a definite answer (success, or a
 * refusal the server recorded under the key) call `settled()`, so even the same details go out as a new attempt.
 */
export function createAttemptKeys() {
  let attempt: { body: string; key: string } | null = null
  return {
    keyFor(request: unknown): string {
      const body = JSON.stringify(request)
      if (attempt?.body !== body) attempt = { body, key: crypto.randomUUID() }
      return attempt.key
    },
    settled(): void {
      attempt = null
    },
  }
}
