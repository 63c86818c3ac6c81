import { vi, type Mock } from 'vitest'
import { nextTick } from 'vue'

export function jsonResponse(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': contentType },
  })
}

export const noContent = () => new Response(null, { status: 204 })

/** A problem+json refusal, as the services answer it. */
export const problem = (status: number, extra: Record<string, unknown> = {}) =>
  jsonResponse({ title: 'Refused', status, ...extra }, status, 'application/problem+json')

/** A refusal of one of the problem types the SPA tells apart (`https://jade.example/problems/{type}`). */
export const problemOfType = (status: number, type: string, extra: Record<string, unknown> = {}) =>
  problem(status, { type: `https://jade.example/problems/${type}`, ...extra })

/** The idempotency layer's 409 while the first request with the same key still runs: not an answer, retry with the key. */
export const stillProcessing = () =>
  problemOfType(409, 'idempotency-in-progress', {
    title: 'Still being processed',
    detail: 'A request with this Idempotency-Key is still being processed; retry shortly.',
  })

/** Replaces global fetch with a mock answering each call from `responses` in order. */
export function mockFetch(...responses: (Response | Error)[]): Mock {
  const fetchMock = vi.fn()
  for (const response of responses) {
    if (response instanceof Error) fetchMock.mockRejectedValueOnce(response)
    else fetchMock.mockResolvedValueOnce(response)
  }
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

export function requestOf(fetchMock: Mock, call = 0): { url: string; init: RequestInit; headers: Record<string, string> } {
  const [url, init] = fetchMock.mock.calls[call] as [string, RequestInit]
  return { url, init, headers: init.headers as Record<string, string> }
}

/** Lets pending fetch promises and the re-renders they cause settle (several rounds: loads chain into loads). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 0))
    await nextTick()
  }
}

/** The options of the Element Plus select `testId`, once it has been opened (each select's list is the one its input controls). */
export function selectOptions(testId: string): HTMLElement[] {
  const input = document.querySelector(`[data-testid="${testId}"] input`)
  const list = document.getElementById(input?.getAttribute('aria-controls') ?? '')
  return [...(list?.querySelectorAll<HTMLElement>('.el-select-dropdown__item') ?? [])]
}
