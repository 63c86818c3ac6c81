import { afterEach, describe, expect, it } from 'vitest'
import type { Component } from 'vue'
import { i18n } from '@/i18n'
import PaymentPinCard from '@/components/payments/PaymentPinCard.vue'
import SecurityView from '@/views/SecurityView.vue'
import { flush, jsonResponse, noContent, problem, problemOfType } from './helpers'
import { customerUser, mountWithFetch, resetDom } from './mountHelpers'
import type { Reply } from './paymentHelpers'
import { assertionJSON, cancelled, fakeAssertion, octets, requestOptionsJSON, stubWebAuthn, unstubWebAuthn } from './webauthnHelpers'

// Resetting the payment PIN with a passkey instead of (or, without an authenticator app, in place of) the code.

const STATUS = 'GET /api/payments/pin'
const TWO_FACTOR = 'GET /api/identity/2fa'
const PASSKEYS = 'GET /api/identity/passkeys'
const OPTIONS = 'POST /api/identity/step-up/passkey-options'
const STEP_UP = 'POST /api/identity/step-up'
const RESET = 'POST /api/payments/pin/reset'
const CEREMONY = '0f8e7d6c-5b4a-4938-8271-6a5b4c3d2e1f'

const status = (isSet: boolean, extra: { locked?: boolean; remainingAttempts?: number } = {}) =>
  jsonResponse({ isSet, locked: extra.locked ?? false, remainingAttempts: extra.remainingAttempts ?? 5 })
const locked = () => status(true, { locked: true, remainingAttempts: 0 })
const twoFactor = (enabled: boolean) => jsonResponse({ enabled, recoveryCodesLeft: enabled ? 8 : 0, pendingSupportReset: null })
const passkeys = (n: number) =>
  jsonResponse({
    passkeys: Array.from({ length: n }, (_, i) => ({ id: `cred-${i}`, name: `Key ${i}`, createdAt: '2026-11-20T08:00:00Z', backedUp: false })),
    limit: 10,
  })
const options = () => jsonResponse({ ceremonyId: CEREMONY, options: requestOptionsJSON(), expiresAt: '2026-11-27T08:05:00Z' })
const token = (value = 'hwk-step-up.jwt') => jsonResponse({ token: value, expiresAt: '2026-11-27T08:05:00Z', method: 'hwk' })

afterEach(() => {
  resetDom()
  unstubWebAuthn()
})

async function mount(routes: Record<string, Reply[]>, component: Component = PaymentPinCard) {
  const m = await mountWithFetch(component, routes, { afterClick: 'settle', user: customerUser })
  const submit = () => m.submit('pin-reset-form')
  const fillPins = async (pin = '246810', again = pin) => {
    await m.type('pin-reset-new', pin)
    await m.type('pin-reset-confirm', again)
  }
  const posts = () => m.requests().filter((r) => r.init.method === 'POST')
  const pinsEmpty = () => ['pin-reset-new', 'pin-reset-confirm'].every((id) => m.input(id).value === '')
  return { ...m, submit, fillPins, posts, pinsEmpty }
}

describe('PaymentPinCard: resetting the PIN with a passkey', { timeout: 20_000 }, () => {
  it('offers the passkey next to the code, and resets with it: options, the browser’s prompt, step-up, reset', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    webauthn.get.mockResolvedValue(fakeAssertion())
    const m = await mount({
      [STATUS]: [locked(), status(true)],
      [TWO_FACTOR]: [twoFactor(true)],
      [PASSKEYS]: [passkeys(2)],
      [OPTIONS]: [options()],
      [STEP_UP]: [token()],
      [RESET]: [noContent()],
    })
    // Looked for only when the reset is opened.
    expect(m.fetchMock.calls(PASSKEYS)).toBe(0)
    await m.click('pin-reset-open')
    expect(m.fetchMock.calls(PASSKEYS)).toBe(1)
    expect(m.q('pin-reset-code')).not.toBeNull()
    expect(document.activeElement).toBe(m.input('pin-reset-code'))
    expect(m.q('pin-reset-use-passkey')?.textContent?.trim()).toBe('Use a passkey')
    expect(m.q('pin-reset-submit')?.textContent?.trim()).toBe('Reset PIN')
    expect(m.q('pin-reset')?.textContent).toContain('Confirm it is you with a passkey or with the code from your authenticator app')

    // The new PIN is checked first; the code is not asked for.
    await m.click('pin-reset-use-passkey')
    expect(m.itemError('pin-reset-new')).toBe('Enter 6 digits')
    expect(m.itemError('pin-reset-code')).toBe('')
    expect(m.posts()).toHaveLength(0)

    await m.fillPins('246810')
    await m.click('pin-reset-use-passkey')
    const [opts, stepUp, reset] = m.posts()
    expect(opts!.url).toBe('/api/identity/step-up/passkey-options')
    expect(opts!.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(opts!.init.body as string)).toEqual({ purpose: 'payment_pin_reset' })

    expect(webauthn.get).toHaveBeenCalledOnce()
    const [request] = webauthn.get.mock.calls[0]! as [CredentialRequestOptions]
    expect(octets(request.publicKey!.challenge)).toEqual([9, 8, 7, 6, 5, 4])
    expect(octets(request.publicKey!.allowCredentials![0]!.id)).toEqual([1, 2, 3])
    expect(request.publicKey!.userVerification).toBe('required')

    expect(stepUp!.url).toBe('/api/identity/step-up')
    expect(stepUp!.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(stepUp!.init.body as string)).toEqual({ purpose: 'payment_pin_reset', ceremonyId: CEREMONY, credential: assertionJSON })
    expect(reset!.url).toBe('/api/payments/pin/reset')
    expect(JSON.parse(reset!.init.body as string)).toEqual({ stepUpToken: 'hwk-step-up.jwt', pin: '246810' })

    expect(document.body.textContent).toContain('Your payment PIN has been reset')
    expect(m.q('pin-reset')).toBeNull()
    expect(m.q('pin-state')?.textContent?.trim()).toBe('Set')
    expect(m.el.innerHTML).not.toContain('hwk-step-up.jwt')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('lets a customer with a passkey but no authenticator app reset the PIN', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    webauthn.get.mockResolvedValue(fakeAssertion())
    const m = await mount({
      [STATUS]: [locked(), status(true)],
      [TWO_FACTOR]: [twoFactor(false)],
      [PASSKEYS]: [passkeys(1)],
      [OPTIONS]: [options()],
      [STEP_UP]: [token()],
      [RESET]: [noContent()],
    })
    await m.click('pin-reset-open')
    expect(m.q('pin-reset-needs-2fa')).toBeNull()
    expect(m.q('pin-reset-code')).toBeNull()
    expect(m.q('pin-reset-submit')).toBeNull()
    expect(m.q('pin-reset')?.textContent).toContain('Choose a new PIN, then confirm it is you with your passkey')
    expect(document.activeElement).toBe(m.input('pin-reset-new'))
    const button = m.q('pin-reset-use-passkey') as HTMLButtonElement
    expect(button.textContent?.trim()).toBe('Reset PIN with a passkey')
    expect(button.type).toBe('submit')

    // Enter in a PIN field submits with the passkey.
    await m.fillPins('135792')
    await m.submit()
    expect(m.posts().map((r) => r.url)).toEqual(['/api/identity/step-up/passkey-options', '/api/identity/step-up', '/api/payments/pin/reset'])
    expect(JSON.parse(m.posts()[2]!.init.body as string)).toEqual({ stepUpToken: 'hwk-step-up.jwt', pin: '135792' })
    expect(document.body.textContent).toContain('Your payment PIN has been reset')
    expect(m.q('pin-state')?.textContent?.trim()).toBe('Set')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('keeps the code path as it was when the customer has no passkey', async () => {
    i18n.global.locale.value = 'en'
    stubWebAuthn()
    const m = await mount({
      [STATUS]: [locked(), status(true)],
      [TWO_FACTOR]: [twoFactor(true)],
      [PASSKEYS]: [passkeys(0)],
      [STEP_UP]: [jsonResponse({ token: 'otp.jwt', expiresAt: '2026-11-27T08:05:00Z', method: 'otp' })],
      [RESET]: [noContent()],
    })
    await m.click('pin-reset-open')
    expect(m.q('pin-reset-use-passkey')).toBeNull()
    expect(m.q('pin-reset-passkey-status')).toBeNull()
    await m.type('pin-reset-code', '123456')
    await m.fillPins()
    await m.submit()
    expect(m.posts().map((r) => JSON.parse(r.init.body as string))).toEqual([
      { purpose: 'payment_pin_reset', code: '123456' },
      { stepUpToken: 'otp.jwt', pin: '246810' },
    ])
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('explains with neither an authenticator app nor a passkey, and mentions adding a passkey', async () => {
    i18n.global.locale.value = 'en'
    stubWebAuthn()
    const m = await mount({ [STATUS]: [locked()], [TWO_FACTOR]: [twoFactor(false), twoFactor(false)], [PASSKEYS]: [passkeys(0), passkeys(1)] })
    await m.click('pin-reset-open')
    const needs = m.q('pin-reset-needs-2fa')!
    expect(needs.textContent).toContain('Resetting the payment PIN needs an authenticator app')
    expect(needs.textContent).toContain('You can also add a passkey on this page and reset the PIN with it.')
    // Added one meanwhile: the recheck finds it.
    await m.click('pin-reset-recheck')
    expect(m.q('pin-reset-needs-2fa')).toBeNull()
    expect(m.q('pin-reset-use-passkey')).not.toBeNull()
    expect(document.activeElement).toBe(m.input('pin-reset-new'))
    m.unmount()
  })

  it('does not look for passkeys in a browser that cannot use them', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [STATUS]: [locked()], [TWO_FACTOR]: [twoFactor(false)] })
    await m.click('pin-reset-open')
    expect(m.fetchMock.calls(PASSKEYS)).toBe(0)
    expect(m.q('pin-reset-needs-2fa')?.textContent).not.toContain('add a passkey')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('says so when the browser’s prompt is cancelled, sends no step-up and keeps the new PIN for another try', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    webauthn.get.mockRejectedValueOnce(cancelled()).mockResolvedValueOnce(fakeAssertion())
    const m = await mount({
      [STATUS]: [locked(), status(true)],
      [TWO_FACTOR]: [twoFactor(false)],
      [PASSKEYS]: [passkeys(1)],
      [OPTIONS]: [options(), options()],
      [STEP_UP]: [token()],
      [RESET]: [noContent()],
    })
    await m.click('pin-reset-open')
    await m.fillPins()
    await m.click('pin-reset-use-passkey')
    const error = m.q('pin-reset-error')!
    expect(error.getAttribute('role')).toBe('alert')
    expect(error.textContent).toContain('Confirming with your passkey was cancelled or timed out')
    expect(m.posts().map((r) => r.url)).toEqual(['/api/identity/step-up/passkey-options'])
    expect(m.input('pin-reset-new').value).toBe('246810')
    expect(document.activeElement).toBe(m.q('pin-reset-use-passkey'))

    await m.click('pin-reset-use-passkey')
    expect(m.posts().map((r) => r.url)).toEqual([
      '/api/identity/step-up/passkey-options',
      '/api/identity/step-up/passkey-options',
      '/api/identity/step-up',
      '/api/payments/pin/reset',
    ])
    expect(m.q('pin-reset')).toBeNull()
    m.unmount()
  })

  it('shows why the server refused the passkey, sends no reset and keeps nothing that was typed', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    webauthn.get.mockResolvedValue(fakeAssertion())
    const m = await mount({
      [STATUS]: [locked()],
      [TWO_FACTOR]: [twoFactor(true)],
      [PASSKEYS]: [passkeys(1)],
      [OPTIONS]: [options()],
      [STEP_UP]: [problem(400, { errors: { credential: ['The passkey’s answer was not accepted.'] } })],
    })
    await m.click('pin-reset-open')
    await m.fillPins()
    await m.click('pin-reset-use-passkey')
    expect(m.q('pin-reset-error')?.textContent).toContain('The passkey’s answer was not accepted.')
    expect(m.itemError('pin-reset-code')).toBe('')
    expect(m.posts().map((r) => r.url)).toEqual(['/api/identity/step-up/passkey-options', '/api/identity/step-up'])
    expect(m.pinsEmpty()).toBe(true)
    expect(document.activeElement).toBe(m.input('pin-reset-new'))
    m.unmount()
  })

  it.each([
    [problem(423, { title: 'Account locked' }), 'Your account is locked for now after too many failed attempts. Try again later.'],
    [problem(429, { title: 'Too Many Requests' }), 'Too many attempts in a short time; wait a minute and try again.'],
    [problem(400, { errors: { ceremonyId: ['This request has expired. Start again.'] } }), 'This request has expired. Start again.'],
  ])('says why the passkey step-up was refused (%#)', async (reply, message) => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    webauthn.get.mockResolvedValue(fakeAssertion())
    const m = await mount({ [STATUS]: [locked()], [TWO_FACTOR]: [twoFactor(false)], [PASSKEYS]: [passkeys(1)], [OPTIONS]: [options()], [STEP_UP]: [reply] })
    await m.click('pin-reset-open')
    await m.fillPins()
    await m.submit()
    expect(m.q('pin-reset-error')?.textContent).toContain(message)
    expect(m.posts().filter((r) => r.url === '/api/payments/pin/reset')).toHaveLength(0)
    m.unmount()
  })

  it('falls back to the code when the passkey is gone meanwhile (409 passkey-required)', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    const m = await mount({
      [STATUS]: [locked()],
      [TWO_FACTOR]: [twoFactor(true)],
      [PASSKEYS]: [passkeys(1)],
      [OPTIONS]: [problemOfType(409, 'passkey-required', { title: 'No passkey' })],
    })
    await m.click('pin-reset-open')
    await m.fillPins()
    await m.click('pin-reset-use-passkey')
    expect(webauthn.get).not.toHaveBeenCalled()
    expect(m.q('pin-reset-use-passkey')).toBeNull()
    expect(m.q('pin-reset-error')?.textContent).toContain('There is no passkey on your account any more')
    expect(m.q('pin-reset-code')).not.toBeNull()
    expect(document.activeElement).toBe(m.input('pin-reset-code'))
    m.unmount()
  })

  it('asks to confirm with the passkey again when the reset refuses the proof (403)', async () => {
    i18n.global.locale.value = 'en'
    const webauthn = stubWebAuthn()
    webauthn.get.mockResolvedValue(fakeAssertion())
    const m = await mount({
      [STATUS]: [locked()],
      [TWO_FACTOR]: [twoFactor(true)],
      [PASSKEYS]: [passkeys(1)],
      [OPTIONS]: [options()],
      [STEP_UP]: [token()],
      [RESET]: [problem(403, { title: 'Step-up proof refused' })],
    })
    await m.click('pin-reset-open')
    await m.fillPins()
    await m.click('pin-reset-use-passkey')
    expect(m.q('pin-reset-error')?.textContent).toContain('That confirmation has expired or was already used. Confirm with your passkey again.')
    expect(m.itemError('pin-reset-code')).toBe('')
    expect(m.pinsEmpty()).toBe(true)
    expect(m.q('pin-state')?.textContent?.trim()).toBe('Locked')
    m.unmount()
  })

  it('still offers the code when passkeys cannot be looked up, and shows the failure when the code is no option', async () => {
    i18n.global.locale.value = 'en'
    stubWebAuthn()
    const withCode = await mount({ [STATUS]: [locked()], [TWO_FACTOR]: [twoFactor(true)], [PASSKEYS]: [problem(503, { title: 'Identity unavailable' })] })
    await withCode.click('pin-reset-open')
    expect(withCode.q('pin-reset-code')).not.toBeNull()
    expect(withCode.q('pin-reset-use-passkey')).toBeNull()
    withCode.unmount()

    const without = await mount({
      [STATUS]: [locked()],
      [TWO_FACTOR]: [twoFactor(false), twoFactor(false)],
      [PASSKEYS]: [problem(503, { title: 'Identity unavailable' }), passkeys(1)],
    })
    await without.click('pin-reset-open')
    expect(without.q('pin-reset')?.textContent).toContain('Identity unavailable')
    expect(without.q('pin-reset-needs-2fa')).toBeNull()
    without.q('pin-reset')!.querySelector<HTMLButtonElement>('.load-retry')!.click()
    await flush()
    expect(without.q('pin-reset-use-passkey')).not.toBeNull()
    without.unmount()
  })

  it('works on the Security page next to the passkeys card, in Chinese', async () => {
    i18n.global.locale.value = 'zh-CN'
    const webauthn = stubWebAuthn()
    webauthn.get.mockResolvedValue(fakeAssertion())
    const m = await mount(
      {
        [STATUS]: [locked(), status(true)],
        [TWO_FACTOR]: [twoFactor(false), twoFactor(false)],
        [PASSKEYS]: [passkeys(1), passkeys(1)],
        [OPTIONS]: [options()],
        [STEP_UP]: [token()],
        [RESET]: [noContent()],
        'GET /api/identity/security-activity': [jsonResponse({ items: [], page: 1, pageSize: 10, total: 0 })],
      },
      SecurityView,
    )
    await m.click('pin-reset-open')
    expect(m.q('pin-reset-use-passkey')?.textContent?.trim()).toBe('使用通行密钥重置')
    await m.fillPins()
    await m.click('pin-reset-use-passkey')
    expect(document.body.textContent).toContain('支付密码已重置')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })
})
