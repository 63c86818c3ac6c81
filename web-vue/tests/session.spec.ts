import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { registerUrl, safeReturnUrl, signInUrl, useSessionStore } from '@/stores/session'
import { jsonResponse, mockFetch, requestOf } from './helpers'

const signedIn = {
  isAuthenticated: true,
  sub: 'u-1',
  email: 'alice@example.com',
  name: 'Alice',
  roles: ['customer'],
  logoutUrl: '/bff/logout?sid=abc',
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.unstubAllGlobals())

describe('session store', () => {
  it('loads the signed-in user from /bff/user once', async () => {
    const fetchMock = mockFetch(jsonResponse(signedIn))
    const session = useSessionStore()
    await Promise.all([session.load(), session.load()])
    await session.load()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(requestOf(fetchMock).url).toBe('/bff/user')
    expect(requestOf(fetchMock).headers['X-CSRF']).toBe('1')
    expect(session.isAuthenticated).toBe(true)
    expect(session.user?.email).toBe('alice@example.com')
  })

  it.each([
    ['an anonymous answer', jsonResponse({ isAuthenticated: false })],
    ['a 401', jsonResponse({}, 401)],
    ['a network failure', new TypeError('offline')],
  ])('treats %s as signed out', async (_name, response) => {
    mockFetch(response)
    const session = useSessionStore()
    await session.load()
    expect(session.loaded).toBe(true)
    expect(session.isAuthenticated).toBe(false)
  })

  it('clear() forgets the user when the session ends', async () => {
    mockFetch(jsonResponse(signedIn))
    const session = useSessionStore()
    await session.load()
    session.clear()
    expect(session.isAuthenticated).toBe(false)
    expect(session.user).toBeNull()
  })

  it('signs out through the logout URL the BFF issued', async () => {
    mockFetch(jsonResponse(signedIn))
    const assign = vi.fn()
    vi.stubGlobal('location', { ...window.location, assign })
    const session = useSessionStore()
    await session.load()
    session.signOut()
    expect(assign).toHaveBeenCalledWith('/bff/logout?sid=abc')
  })
})

describe('sign-in and register URLs', () => {
  it.each([
    [signInUrl('/security'), '/bff/login?returnUrl=%2Fsecurity'],
    [signInUrl(), '/bff/login?returnUrl=%2Fdashboard'],
    [registerUrl('/dashboard'), '/bff/login?returnUrl=%2Fdashboard&register=true'],
    [signInUrl('https://evil.example/'), '/bff/login?returnUrl=%2Fdashboard'],
    [signInUrl('//evil.example/'), '/bff/login?returnUrl=%2Fdashboard'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected)
  })

  it('accepts only same-site paths as return targets', () => {
    expect(safeReturnUrl('/security?tab=2')).toBe('/security?tab=2')
    expect(safeReturnUrl('/\\evil.example')).toBe('/dashboard')
    expect(safeReturnUrl(['/a'])).toBe('/dashboard')
    expect(safeReturnUrl(undefined, '/')).toBe('/')
  })
})
