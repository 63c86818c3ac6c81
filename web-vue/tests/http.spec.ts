import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, http, isStillProcessing, onUnauthorized } from '@/api/http'
import { jsonResponse, mockFetch, noContent, requestOf } from './helpers'

afterEach(() => {
  vi.unstubAllGlobals()
  onUnauthorized(null)
})

describe('http', () => {
  it('sends the anti-forgery header, same-origin credentials and a JSON body on POST', async () => {
    const fetchMock = mockFetch(jsonResponse({ ok: true }))
    await expect(http.post('/api/thing', { a: 1 })).resolves.toEqual({ ok: true })
    const { url, init, headers } = requestOf(fetchMock)
    expect(url).toBe('/api/thing')
    expect(init.method).toBe('POST')
    expect(init.credentials).toBe('same-origin')
    expect(headers['X-CSRF']).toBe('1')
    expect(headers['Content-Type']).toBe('application/json')
    expect(init.body).toBe('{"a":1}')
  })

  it('sends the anti-forgery header on GET too and no body', async () => {
    const fetchMock = mockFetch(jsonResponse([]))
    await http.get('/api/list')
    const { init, headers } = requestOf(fetchMock)
    expect(init.method).toBe('GET')
    expect(init.body).toBeUndefined()
    expect(headers['X-CSRF']).toBe('1')
  })

  it('resolves undefined for 204 No Content', async () => {
    mockFetch(noContent())
    await expect(http.post('/api/x')).resolves.toBeUndefined()
  })

  it('turns problem details into an ApiError with camelCased field errors', async () => {
    mockFetch(
      jsonResponse(
        {
          type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
          title: 'One or more validation errors occurred.',
          status: 400,
          detail: 'The password is wrong.',
          errors: { CurrentPassword: ['Incorrect password.'], newPassword: ['Too short.', 'Needs a digit.'] },
        },
        400,
        'application/problem+json',
      ),
    )
    const error = (await http.post('/api/identity/password', {}).catch((e) => e)) as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(400)
    expect(error.message).toBe('The password is wrong.')
    expect(error.title).toBe('One or more validation errors occurred.')
    expect(error.fieldErrors).toEqual({
      currentPassword: ['Incorrect password.'],
      newPassword: ['Too short.', 'Needs a digit.'],
    })
  })

  it('copes with an error body that is not JSON', async () => {
    mockFetch(new Response('<html>Bad gateway</html>', { status: 502 }))
    const error = (await http.get('/api/x').catch((e) => e)) as ApiError
    expect(error.status).toBe(502)
    expect(error.fieldErrors).toEqual({})
    expect(error.message).toBe('HTTP 502')
  })

  it('reports an unreachable server as a network error', async () => {
    mockFetch(new TypeError('Failed to fetch'))
    const error = (await http.get('/api/x').catch((e) => e)) as ApiError
    expect(error.isNetworkError).toBe(true)
  })

  it('calls the unauthorized handler on 401 unless the caller opts out', async () => {
    const handler = vi.fn()
    onUnauthorized(handler)
    mockFetch(jsonResponse({}, 401), jsonResponse({}, 401))
    await expect(http.get('/api/x')).rejects.toMatchObject({ status: 401 })
    expect(handler).toHaveBeenCalledTimes(1)
    await expect(http.get('/bff/user', { allowUnauthorized: true })).rejects.toMatchObject({ status: 401 })
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('tells the idempotency layer\'s 409 "still being processed" from any other conflict', () => {
    const type = 'https://jade.example/problems/idempotency-in-progress'
    expect(isStillProcessing(new ApiError(409, { type, title: 'Still being processed' }))).toBe(true)
    expect(isStillProcessing(new ApiError(409, { title: 'Conflict', detail: 'The case is already resolved.' }))).toBe(false)
    expect(isStillProcessing(new ApiError(409, { type: 'https://jade.example/problems/case-assigned-elsewhere' }))).toBe(false)
    expect(isStillProcessing(new ApiError(400, { type }))).toBe(false)
    expect(isStillProcessing(new Error('x'))).toBe(false)
  })
})
