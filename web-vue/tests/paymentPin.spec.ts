import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, type Component } from 'vue'
import { createPinia } from 'pinia'
import { i18n } from '@/i18n'
import PaymentPinCard from '@/components/payments/PaymentPinCard.vue'
import SecurityView from '@/views/SecurityView.vue'
import { flush, jsonResponse, noContent, requestOf } from './helpers'
import { serveFetch, sleep, type Reply } from './paymentHelpers'

const STATUS = 'GET /api/payments/pin'
const SET = 'PUT /api/payments/pin'
const status = (isSet: boolean, extra: { locked?: boolean; remainingAttempts?: number } = {}) =>
  jsonResponse({ isSet, locked: extra.locked ?? false, remainingAttempts: extra.remainingAttempts ?? 5 })
const problem = (status: number, extra: Record<string, unknown> = {}) =>
  jsonResponse({ title: 'Refused', status, ...extra }, status, 'application/problem+json')

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
  i18n.global.locale.value = 'zh-CN'
})

async function mount(routes: Record<string, Reply[]>, component: Component = PaymentPinCard) {
  const fetchMock = serveFetch(routes)
  const el = document.createElement('div')
  document.body.appendChild(el)
  const app = createApp(component).use(createPinia()).use(i18n)
  app.mount(el)
  await flush()
  const q = (testId: string) => el.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  const input = (testId: string) => {
    const found = q(testId)
    return (found instanceof HTMLInputElement ? found : found?.querySelector('input')) as HTMLInputElement
  }
  const type = async (testId: string, value: string) => {
    const field = input(testId)
    field.value = value
    field.dispatchEvent(new Event('input', { bubbles: true }))
    await flush()
  }
  const submit = async () => {
    q('pin-form')!.closest('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    await flush()
    await sleep(120)
    await flush()
  }
  const itemError = (testId: string) => q(testId)?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
  const puts = () => fetchMock.mock.calls.map((_, i) => requestOf(fetchMock, i)).filter((r) => r.init.method === 'PUT')
  return { el, q, input, type, submit, itemError, puts, fetchMock, unmount: () => (app.unmount(), el.remove()) }
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

  it('explains a locked PIN and offers no form', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [STATUS]: [status(true, { locked: true, remainingAttempts: 0 })] })
    expect(m.q('pin-state')?.textContent?.trim()).toBe('Locked')
    expect(m.q('pin-locked')?.textContent).toContain('locked after too many wrong tries')
    expect(m.q('pin-locked')?.textContent).toContain('contact customer support')
    expect(m.q('pin-form')).toBeNull()
    expect(m.q('pin-change')).toBeNull()
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
      { [STATUS]: [status(false)], 'GET /api/identity/2fa': [jsonResponse({ enabled: false, recoveryCodesLeft: 0 })] },
      SecurityView,
    )
    i18n.global.locale.value = locale
    await flush()
    expect(m.q('pin-card')?.querySelector('h2')?.textContent).toBe(title)
    expect(m.q('pin-submit')?.textContent?.trim()).toBe(submit)
    m.unmount()
  })
})
