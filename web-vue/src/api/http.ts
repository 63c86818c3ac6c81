export type FieldErrors = Record<string, string[]>

interface ProblemDetails {
  type?: string
  title?: string
  status?: number
  detail?: string
  errors?: Record<string, string[] | string>
  [extension: string]: unknown
}

const PROBLEM_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors'])

/** A failed call; status 0 means the server was never reached. */
export class ApiError extends Error {
  readonly status: number
  readonly title?: string
  readonly detail?: string
  readonly type?: string
  readonly fieldErrors: FieldErrors
  /** The problem's other members (RFC 9457 extensions), e.g. `remainingAttempts` on a wrong payment PIN. */
  readonly extensions: Readonly<Record<string, unknown>>

  constructor(status: number, problem: ProblemDetails = {}) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.title = problem.title
    this.detail = problem.detail
    this.type = problem.type
    this.fieldErrors = normalizeFieldErrors(problem.errors)
    this.extensions = Object.fromEntries(Object.entries(problem).filter(([key]) => !PROBLEM_MEMBERS.has(key)))
  }

  get isNetworkError(): boolean {
    return this.status === 0
  }
}

// ASP.NET may key errors by C# property name ("NewPassword"); the forms use camelCase field names.
function normalizeFieldErrors(errors: ProblemDetails['errors']): FieldErrors {
  const result: FieldErrors = {}
  for (const [key, value] of Object.entries(errors ?? {})) {
    const field = key.charAt(0).toLowerCase() + key.slice(1)
    result[field] = [...(result[field] ?? []), ...(Array.isArray(value) ? value : [value])]
  }
  return result
}

/**
 * Whether `error` is the problem `https://jade.example/problems/{type}` with that status. A plain boolean, not a type
 * guard: a false answer must not narrow the error to "not an ApiError".
 */
export const isProblem = (error: unknown, status: number, type: string): boolean =>
  error instanceof ApiError && error.status === status && (error.type ?? '').endsWith(`/${type}`)

/**
 * The idempotency layer's 409 "still being processed": a request with the same Idempotency-Key is still running. It is
 * not an answer to the request (nothing is stored under the key for it), so the caller keeps the key and sends the same
 * request again shortly, which then gets the first request's answer.
 */
export const isStillProcessing = (error: unknown): boolean => isProblem(error, 409, 'idempotency-in-progress')

let unauthorizedHandler: (() => void) | null = null

/** Called when an /api call answers 401, i.e. the BFF session is gone. */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  body?: unknown
  /** Leave a 401 to the caller instead of ending the session (used by /bff/user). */
  allowUnauthorized?: boolean
  /**
   * Keep integers beyond Number.MAX_SAFE_INTEGER exact by handing them over as decimal strings
   * (ledger amounts, u128 ids and nanosecond timestamps would otherwise be rounded by JSON.parse).
   */
  exactIntegers?: boolean
  /** Sent as `Idempotency-Key`: a retry with the same key gets the server's first answer instead of acting twice. */
  idempotencyKey?: string
}

export async function request<T>(url: string, options: RequestOptions = {}): Promise<T> {
  // The BFF rejects state-changing calls without this header; it cannot be sent cross-site without CORS.
  const headers: Record<string, string> = { Accept: 'application/json', 'X-CSRF': '1' }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey

  let response: Response
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0)
  }

  if (response.status === 401 && !options.allowUnauthorized) unauthorizedHandler?.()
  if (!response.ok) throw new ApiError(response.status, await readProblem(response))
  return (await readJson(response, options.exactIntegers)) as T
}

async function readJson(response: Response, exactIntegers = false): Promise<unknown> {
  const text = await response.text()
  if (!text) return undefined
  return JSON.parse(exactIntegers ? quoteUnsafeIntegers(text) : text)
}

/**
 * Rewrites JSON text so that integer literals too large for a double become strings; everything else,
 * including the contents of strings, is left untouched. Safe integers stay numbers.
 */
export function quoteUnsafeIntegers(json: string): string {
  let out = ''
  let i = 0
  while (i < json.length) {
    const c = json[i]!
    if (c === '"') {
      // Copy the whole string literal, honouring escapes.
      let j = i + 1
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1
      out += json.slice(i, j + 1)
      i = j + 1
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1
      while (j < json.length && /[0-9eE.+-]/.test(json[j]!)) j++
      const literal = json.slice(i, j)
      out += /^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal)) ? `"${literal}"` : literal
      i = j
    } else {
      out += c
      i++
    }
  }
  return out
}

async function readProblem(response: Response): Promise<ProblemDetails> {
  try {
    const body = await readJson(response)
    return body && typeof body === 'object' ? (body as ProblemDetails) : {}
  } catch {
    return {}
  }
}

export const http = {
  get: <T>(url: string, options?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(url, options),
  post: <T = void>(url: string, body?: unknown) => request<T>(url, { method: 'POST', body }),
  put: <T = void>(url: string, body?: unknown) => request<T>(url, { method: 'PUT', body }),
}
