import { afterEach, describe, expect, it } from 'vitest'
import type { Component } from 'vue'
import { i18n } from '@/i18n'
import PaymentPinCard from '@/components/payments/PaymentPinCard.vue'
import SecurityView from '@/views/SecurityView.vue'
import { flush, jsonResponse, noContent, problem, problemOfType } from './helpers'
import { customerUser, mountWithFetch, resetDom } from './mountHelpers'
import type { Reply } from './paymentHelpers'
import { officer } from './riskHelpers'

const STATUS = 'GET /api/payments/pin'
const SET = 'PUT /api/payments/pin'
const status = (isSet: boolean, extra: { locked?: boolean; remainingAttempts?: number } = {}) =>
  jsonResponse({ isSet, locked: extra.locked ?? false, remainingAttempts: extra.remainingAttempts ?? 5 })

afterEach(resetDom)

async function mount(routes: Record<string, Reply[]>, component: Component = PaymentPinCard) {
  const m = await mountWithFetch(component, routes, { user: customerUser })
  const submit = (testId = 'pin-form') => m.submit(testId)
  const puts = () => m.requests().filter((r) => r.init.method === 'PUT')
  const posts = () => m.requests().filter((r) => r.init.method === 'POST')
  return { ...m, submit, puts, posts }
}

describe('PaymentPinCard', { timeout: 20_000 }, () => {
  it('sets a first PIN: new and repeated, checked here first, sent with PUT', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [STATUS]: [status(false), status(true)], [SET]: [noContent()] })
    expect(m.q('pin-state')?.textContent?.trim()).toBe('Not set')
    expect(m.q('pin-not-set')?.textContent).toContain('Set a payment PIN before you send money.')
    expect(m.q('pin-current')).toBeNull()
    expect(m.input('pin-new').type).toBe('password')
    expect(m.input('pin-new').getAttribute('inputmode')).toBe('numeric')
    expect(m.input('pin-new').maxLength).toBe(6)
    expect(m.el.querySelector(`label[for="${m.input('pin-new').id}"]`)?.textContent).toContain('New PIN')

    for (const [pin, confirm, field, message] of [
      ['12345', '12345', 'pin-new', 'The PIN is exactly 6 digits'],
      ['111111', '111111', 'pin-new', 'Choose a PIN that is not one digit repeated'],
      ['123456', '123456', 'pin-new', 'Choose a PIN that is not a run of consecutive digits'],
      ['654321', '654321', 'pin-new', 'Choose a PIN that is not a run of consecutive digits'],
      ['246810', '246811', 'pin-confirm', 'The two PINs do not match'],
    ] as const) {
      await m.type('pin-new', pin)
      await m.type('pin-confirm', confirm)
      await m.submit()
      expect(m.itemError(field)).toBe(message)
    }
    expect(m.puts()).toHaveLength(0)

    await m.type('pin-confirm', '246810')
    await m.submit()
    const [put] = m.puts()
    expect(put!.url).toBe('/api/payments/pin')
    expect(put!.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(put!.init.body as string)).toEqual({ pin: '246810' })
    expect(document.body.textContent).toContain('Your payment PIN is set')
    expect(m.q('pin-state')?.textContent?.trim()).toBe('Set')
    expect(m.q('pin-remaining')?.textContent).toBe('Wrong tries left before the PIN locks: 5')
    expect(m.q('pin-form')).toBeNull()
    expect(m.q('pin-change')).not.toBeNull()
    m.unmount()
  })

  it('changes a PIN with the current one; a wrong current PIN shows the tries left', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [STATUS]: [status(true), status(true, { remainingAttempts: 3 }), status(true)],
      [SET]: [problem(403, { title: 'Wrong payment PIN', remainingAttempts: 3 }), noContent()],
    })
    expect(m.q('pin-form')).toBeNull()
    m.q('pin-change')!.click()
    await flush()
    await m.type('pin-current', '135790')
    await m.type('pin-new', '246810')
    await m.type('pin-confirm', '246810')
    await m.submit()
    expect(JSON.parse(m.puts()[0]!.init.body as string)).toEqual({ pin: '246810', currentPin: '135790' })
    expect(m.itemError('pin-current')).toBe('Wrong PIN. Wrong tries left before it locks: 3')
    expect(m.input('pin-current').value).toBe('')
    expect(m.q('pin-remaining')?.textContent).toBe('Wrong tries left before the PIN locks: 3')

    await m.type('pin-current', '135791')
    await m.submit()
    expect(JSON.parse(m.puts()[1]!.init.body as string)).toEqual({ pin: '246810', currentPin: '135791' })
    expect(document.body.textContent).toContain('Your payment PIN has been changed')
    expect(m.q('pin-form')).toBeNull()
    m.unmount()
  })

  it('shows the server’s reason for refusing a PIN under the new PIN', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [STATUS]: [status(false)],
      [SET]: [problem(400, { errors: { pin: ['Choose a PIN that is not a run of consecutive digits.'] } })],
    })
    await m.type('pin-new', '135792')
    await m.type('pin-confirm', '135792')
    await m.submit()
    expect(m.itemError('pin-new')).toBe('Choose a PIN that is not a run of consecutive digits.')
    expect(m.q('pin-form-error')).toBeNull()
    m.unmount()
  })

  it('explains a locked PIN and offers only the reset, no change form', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [STATUS]: [status(true, { locked: true, remainingAttempts: 0 })] })
    expect(m.q('pin-state')?.textContent?.trim()).toBe('Locked')
    expect(m.q('pin-locked')?.textContent).toContain('locked after too many wrong tries')
    expect(m.q('pin-locked')?.textContent).toContain('reset it here with your authenticator app')
    expect(m.q('pin-locked')?.textContent).toContain('contact customer support')
    expect(m.q('pin-form')).toBeNull()
    expect(m.q('pin-change')).toBeNull()
    expect(m.q('pin-reset-open')?.textContent?.trim()).toBe('Forgot or locked PIN? Reset it')
    expect(m.q('pin-reset')).toBeNull()
    m.unmount()
  })

  it('switches to the locked state when a change is refused with 423', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [STATUS]: [status(true, { remainingAttempts: 1 }), status(true, { locked: true, remainingAttempts: 0 })],
      [SET]: [problem(423, { title: 'Payment PIN locked' })],
    })
    m.q('pin-change')!.click()
    await flush()
    await m.type('pin-current', '135790')
    await m.type('pin-new', '246810')
    await m.type('pin-confirm', '246810')
    await m.submit()
    expect(m.q('pin-locked')).not.toBeNull()
    expect(m.q('pin-form')).toBeNull()
    m.unmount()
  })

  it('shows a load error with a retry', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [STATUS]: [problem(503, { title: 'Payments unavailable' }), status(false)] })
    expect(m.el.textContent).toContain('Payments unavailable')
    m.el.querySelector<HTMLButtonElement>('.load-retry')!.click()
    await flush()
    expect(m.q('pin-state')?.textContent?.trim()).toBe('Not set')
    m.unmount()
  })

  it.each([
    ['en', 'Payment PIN', 'Set PIN'],
    ['zh-CN', '支付密码', '设置支付密码'],
  ] as const)('is on the Security page, in %s', async (locale, title, submit) => {
    const m = await mount(
      { [STATUS]: [status(false)], 'GET /api/identity/2fa': [jsonResponse({ enabled: false, recoveryCodesLeft: 0, pendingSupportReset: null })] },
      SecurityView,
    )
    i18n.global.locale.value = locale
    await flush()
    expect(m.q('pin-card')?.querySelector('h2')?.textContent).toBe(title)
    expect(m.q('pin-submit')?.textContent?.trim()).toBe(submit)
    m.unmount()
  })
})

describe('Security page for staff', { timeout: 20_000 }, () => {
  it('keeps their sign-in security but shows no payment PIN: only customers pay', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountWithFetch(
      SecurityView,
      {
        'GET /api/identity/2fa': [jsonResponse({ enabled: true, recoveryCodesLeft: 8, pendingSupportReset: null })],
        'GET /api/identity/passkeys': [jsonResponse({ passkeys: [], limit: 10 })],
        'GET /api/identity/security-activity': [jsonResponse({ items: [], page: 1, pageSize: 10, total: 0 })],
      },
      { user: officer },
    )
    expect(m.q('two-factor')).not.toBeNull()
    expect(m.q('change-password')).not.toBeNull()
    expect(m.q('pin-card')).toBeNull()
    expect(m.fetchMock.calls(STATUS)).toBe(0)
    m.unmount()
  })
})

const TWO_FACTOR = 'GET /api/identity/2fa'
const STEP_UP = 'POST /api/identity/step-up'
const RESET = 'POST /api/payments/pin/reset'
const twoFactor = (enabled: boolean) => jsonResponse({ enabled, recoveryCodesLeft: enabled ? 8 : 0, pendingSupportReset: null })
const token = (value = 'step-up.jwt') => jsonResponse({ token: value, expiresAt: '2026-11-27T08:05:00Z', method: 'otp' })
const locked = () => status(true, { locked: true, remainingAttempts: 0 })

describe('PaymentPinCard: resetting a forgotten or locked PIN', { timeout: 20_000 }, () => {
  type Mounted = Awaited<ReturnType<typeof mount>>
  async function fill(m: Mounted, code = '123456', pin = '246810', again = pin) {
    await m.type('pin-reset-code', code)
    await m.type('pin-reset-new', pin)
    await m.type('pin-reset-confirm', again)
  }
  const resetSubmit = (m: Mounted) => m.submit('pin-reset-form')
  const fieldsEmpty = (m: Mounted) => ['pin-reset-code', 'pin-reset-new', 'pin-reset-confirm'].every((id) => m.input(id).value === '')

  it('unlocks a locked PIN: authenticator code, then the new PIN with the step-up token; checked here first', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [STATUS]: [locked(), status(true)],
      [TWO_FACTOR]: [twoFactor(true)],
      [STEP_UP]: [token()],
      [RESET]: [noContent()],
    })
    // The 2FA status is only asked for when the reset is opened.
    expect(m.fetchMock.calls(TWO_FACTOR)).toBe(0)
    await m.click('pin-reset-open')
    expect(m.fetchMock.calls(TWO_FACTOR)).toBe(1)
    expect(m.q('pin-reset-open')).toBeNull()
    expect(m.q('pin-reset-needs-2fa')).toBeNull()
    expect(m.q('pin-reset')?.querySelector('h3')?.textContent).toBe('Reset your payment PIN')

    const code = m.input('pin-reset-code')
    expect(document.activeElement).toBe(code)
    expect(m.el.querySelector(`label[for="${code.id}"]`)?.textContent).toBe('Authenticator code')
    expect(code.type).toBe('text')
    expect(code.getAttribute('autocomplete')).toBe('one-time-code')
    expect(code.getAttribute('inputmode')).toBe('numeric')
    expect(code.getAttribute('aria-required')).toBe('true')
    expect(code.maxLength).toBe(6)
    for (const [testId, label] of [
      ['pin-reset-new', 'New PIN'],
      ['pin-reset-confirm', 'Enter the new PIN again'],
    ] as const) {
      const field = m.input(testId)
      expect(field.type).toBe('password')
      expect(field.maxLength).toBe(6)
      expect(m.el.querySelector(`label[for="${field.id}"]`)?.textContent).toBe(label)
    }
    expect(m.input('pin-reset-new').getAttribute('aria-describedby')).toBe('pin-card-reset-rules')
    expect(m.el.querySelector('#pin-card-reset-rules')?.textContent).toContain('Six digits')

    for (const [codeText, pin, again, field, message] of [
      ['', '246810', '246810', 'pin-reset-code', 'Enter the 6-digit code from your authenticator app'],
      ['12345', '246810', '246810', 'pin-reset-code', 'The code is exactly 6 digits'],
      ['123456', '1234', '1234', 'pin-reset-new', 'The PIN is exactly 6 digits'],
      ['123456', '222222', '222222', 'pin-reset-new', 'Choose a PIN that is not one digit repeated'],
      ['123456', '345678', '345678', 'pin-reset-new', 'Choose a PIN that is not a run of consecutive digits'],
      ['123456', '246810', '', 'pin-reset-confirm', 'Enter 6 digits'],
      ['123456', '246810', '246811', 'pin-reset-confirm', 'The two PINs do not match'],
    ] as const) {
      await fill(m, codeText, pin, again)
      await resetSubmit(m)
      expect(m.itemError(field)).toBe(message)
      // The message is tied to its field.
      const input = m.input(field)
      expect(input.getAttribute('aria-invalid')).toBe('true')
      const errorId = input.getAttribute('aria-describedby')!.split(' ')[0]!
      expect(m.el.querySelector(`#${errorId}`)?.textContent).toBe(message)
    }
    expect(m.posts()).toHaveLength(0)

    await fill(m, '123 456', '246810')
    await resetSubmit(m)
    const [stepUp, reset] = m.posts()
    expect(stepUp!.url).toBe('/api/identity/step-up')
    expect(stepUp!.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(stepUp!.init.body as string)).toEqual({ purpose: 'payment_pin_reset', code: '123456' })
    expect(reset!.url).toBe('/api/payments/pin/reset')
    expect(reset!.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(reset!.init.body as string)).toEqual({ stepUpToken: 'step-up.jwt', pin: '246810' })

    expect(document.body.textContent).toContain('Your payment PIN has been reset')
    expect(m.q('pin-reset')).toBeNull()
    expect(m.q('pin-state')?.textContent?.trim()).toBe('Set')
    expect(m.q('pin-remaining')?.textContent).toBe('Wrong tries left before the PIN locks: 5')
    expect(m.q('pin-locked')).toBeNull()
    expect(document.activeElement).toBe(m.q('pin-change'))
    expect(m.el.innerHTML).not.toContain('step-up.jwt')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('is offered next to "Change PIN" while the PIN works, one form at a time, and cancelling forgets what was typed', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [STATUS]: [status(true, { remainingAttempts: 3 })], [TWO_FACTOR]: [twoFactor(true), twoFactor(true)] })
    expect(m.q('pin-change')).not.toBeNull()
    expect(m.q('pin-reset-open')).not.toBeNull()
    await m.click('pin-reset-open')
    expect(m.q('pin-change')).toBeNull()
    expect(m.q('pin-form')).toBeNull()
    await fill(m)
    await m.click('pin-reset-cancel')
    expect(m.q('pin-reset')).toBeNull()
    expect(document.activeElement).toBe(m.q('pin-reset-open'))

    await m.click('pin-reset-open')
    expect(fieldsEmpty(m)).toBe(true)
    m.unmount()
  })

  it('points to the two-factor card instead of a form when no authenticator is on', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount(
      { [STATUS]: [locked()], [TWO_FACTOR]: [twoFactor(false), twoFactor(false), twoFactor(true)] },
      SecurityView,
    )
    await m.click('pin-reset-open')
    expect(m.q('pin-reset-needs-2fa')?.textContent).toContain('Resetting the payment PIN needs an authenticator app')
    expect(m.q('pin-reset-code')).toBeNull()
    expect(m.q('pin-reset-submit')).toBeNull()
    expect(document.activeElement?.textContent).toBe('Reset your payment PIN')

    await m.click('pin-reset-go-2fa')
    expect(document.activeElement).toBe(m.q('two-factor')?.querySelector('h2'))

    // Once it is on, the form is offered without closing and reopening.
    await m.click('pin-reset-recheck')
    expect(m.q('pin-reset-needs-2fa')).toBeNull()
    expect(m.q('pin-reset-code')).not.toBeNull()
    expect(document.activeElement).toBe(m.input('pin-reset-code'))
    expect(m.posts()).toHaveLength(0)
    m.unmount()
  })

  it('shows a wrong authenticator code under its field, sends no reset and keeps nothing that was typed', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [STATUS]: [locked()],
      [TWO_FACTOR]: [twoFactor(true)],
      [STEP_UP]: [problem(400, { errors: { code: ['The code is wrong or has expired.'] } })],
    })
    await m.click('pin-reset-open')
    await fill(m, '000111')
    await resetSubmit(m)
    expect(m.itemError('pin-reset-code')).toBe('The code is wrong or has expired.')
    expect(m.q('pin-reset-error')).toBeNull()
    expect(fieldsEmpty(m)).toBe(true)
    expect(m.posts().map((r) => r.url)).toEqual(['/api/identity/step-up'])
    expect(document.activeElement).toBe(m.input('pin-reset-code'))

    // Editing the code drops the server's message.
    await m.type('pin-reset-code', '1')
    expect(m.q('pin-reset-code')?.closest('.el-form-item')?.classList.contains('is-error')).toBe(false)
    m.unmount()
  })

  it('puts the server’s reason for refusing the new PIN under the new PIN field', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [STATUS]: [locked()],
      [TWO_FACTOR]: [twoFactor(true)],
      [STEP_UP]: [token()],
      [RESET]: [problem(400, { errors: { Pin: ['This PIN is too easy to guess.'] } })],
    })
    await m.click('pin-reset-open')
    await fill(m, '123456', '135792')
    await resetSubmit(m)
    expect(m.itemError('pin-reset-new')).toBe('This PIN is too easy to guess.')
    expect(m.itemError('pin-reset-code')).toBe('')
    expect(m.q('pin-reset-error')).toBeNull()
    expect(fieldsEmpty(m)).toBe(true)
    expect(m.q('pin-state')?.textContent?.trim()).toBe('Locked')
    m.unmount()
  })

  it('asks for a fresh code when the step-up proof is refused (403), then succeeds with a new one', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [STATUS]: [locked(), status(true)],
      [TWO_FACTOR]: [twoFactor(true)],
      [STEP_UP]: [token('first'), token('second')],
      [RESET]: [problem(403, { title: 'Step-up proof refused' }), noContent()],
    })
    await m.click('pin-reset-open')
    await fill(m, '123456')
    await resetSubmit(m)
    expect(m.itemError('pin-reset-code')).toBe(
      'That confirmation has expired or was already used. Enter a fresh code from your authenticator app.',
    )
    expect(fieldsEmpty(m)).toBe(true)

    await fill(m, '654987')
    await resetSubmit(m)
    const resets = m.posts().filter((r) => r.url === '/api/payments/pin/reset')
    expect(resets.map((r) => JSON.parse(r.init.body as string).stepUpToken)).toEqual(['first', 'second'])
    expect(m.q('pin-reset')).toBeNull()
    expect(m.q('pin-state')?.textContent?.trim()).toBe('Set')
    m.unmount()
  })

  it('explains instead of asking for a code when the authenticator was turned off meanwhile (409)', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [STATUS]: [locked()],
      [TWO_FACTOR]: [twoFactor(true)],
      [STEP_UP]: [problemOfType(409, 'two-factor-required', { title: 'Two-factor authentication required' })],
    })
    await m.click('pin-reset-open')
    await fill(m)
    await resetSubmit(m)
    expect(m.q('pin-reset-needs-2fa')).not.toBeNull()
    expect(m.q('pin-reset-form')).toBeNull()
    expect(m.posts().map((r) => r.url)).toEqual(['/api/identity/step-up'])
    m.unmount()
  })

  it.each([
    [problem(423, { title: 'Account locked' }), 'Your account is locked for now after too many wrong codes. Try again later.'],
    [problem(429, { title: 'Too Many Requests' }), 'Too many attempts in a short time; wait a minute and try again.'],
    [problem(400, { errors: { purpose: ['Unknown purpose.'] } }), 'Unknown purpose.'],
  ])('says why the step-up was refused (%#)', async (reply, message) => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [STATUS]: [locked()], [TWO_FACTOR]: [twoFactor(true)], [STEP_UP]: [reply] })
    await m.click('pin-reset-open')
    await fill(m)
    await resetSubmit(m)
    expect(m.q('pin-reset-error')?.textContent).toContain(message)
    expect(fieldsEmpty(m)).toBe(true)
    expect(m.posts().map((r) => r.url)).toEqual(['/api/identity/step-up'])
    m.unmount()
  })

  it('reads the status again when the reset’s outcome is unknown', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [STATUS]: [locked(), status(true)],
      [TWO_FACTOR]: [twoFactor(true)],
      [STEP_UP]: [token()],
      [RESET]: [new TypeError('offline')],
    })
    await m.click('pin-reset-open')
    await fill(m)
    await resetSubmit(m)
    expect(m.q('pin-reset-error')?.textContent).toContain('We could not confirm whether the PIN was reset')
    expect(m.fetchMock.calls(STATUS)).toBe(2)
    expect(m.q('pin-state')?.textContent?.trim()).toBe('Set')
    expect(fieldsEmpty(m)).toBe(true)
    m.unmount()
  })

  it('shows a failed look at the authenticator status with a retry', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [STATUS]: [locked()],
      [TWO_FACTOR]: [problem(503, { title: 'Identity unavailable' }), twoFactor(true)],
    })
    await m.click('pin-reset-open')
    expect(m.q('pin-reset')?.textContent).toContain('Identity unavailable')
    m.q('pin-reset')!.querySelector<HTMLButtonElement>('.load-retry')!.click()
    await flush()
    expect(m.q('pin-reset-code')).not.toBeNull()
    m.unmount()
  })

  it('speaks Chinese too', async () => {
    i18n.global.locale.value = 'zh-CN'
    const m = await mount({ [STATUS]: [locked()], [TWO_FACTOR]: [twoFactor(false)] })
    expect(m.q('pin-reset-open')?.textContent?.trim()).toBe('忘记或锁定了支付密码？重置')
    await m.click('pin-reset-open')
    expect(m.q('pin-reset-needs-2fa')?.textContent).toContain('重置支付密码需要使用身份验证器应用')
    expect(m.q('pin-reset-go-2fa')?.textContent?.trim()).toBe('前往两步验证')
    m.unmount()
  })
})
