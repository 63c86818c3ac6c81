import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import SessionsCard from '@/components/SessionsCard.vue'
import SecurityView from '@/views/SecurityView.vue'
import type { SecurityEvent } from '@/api/types'
import { jsonResponse, problem, problemOfType } from './helpers'
import { customerUser, mountWithFetch, resetDom } from './mountHelpers'
import type { Reply } from './paymentHelpers'

const SIGN_OUT_OTHERS = 'POST /api/identity/sessions/sign-out-others'
const ACTIVITY_PAGE_1 = 'GET /api/identity/security-activity?page=1&pageSize=10'

const OPEN = 'sessions-sign-out-others'
const PASSWORD_INPUT = 'sessions-password'
const CONFIRM = 'sessions-confirm'
const CANCEL = 'sessions-cancel'
const PASSWORD = 'Jade-Test-2026'

const ended = (sessionsEnded: number) => jsonResponse({ sessionsEnded })
const lockedOut = (detail?: string) => problemOfType(423, 'locked-out', { title: 'Locked out', ...(detail ? { detail } : {}) })
const message = () => document.querySelector('.el-message')?.textContent?.trim() ?? ''

afterEach(resetDom)

async function mount(routes: Record<string, Reply[]>) {
  // Element Plus shows a form item's error after a debounce.
  const m = await mountWithFetch(SessionsCard, routes, { afterClick: 'settle' })
  const passwordInput = () => m.input(PASSWORD_INPUT)
  const typePassword = (value: string) => m.type(PASSWORD_INPUT, value)
  const passwordError = () => m.itemError(PASSWORD_INPUT)
  const signOuts = () => m.requests().filter((r) => r.init.method === 'POST' && r.url === '/api/identity/sessions/sign-out-others')
  /** Types the password and confirms it. */
  const confirm = async (password = PASSWORD) => {
    await typePassword(password)
    await m.click(CONFIRM)
  }
  return { ...m, passwordInput, typePassword, passwordError, signOuts, confirm, alert: () => m.text('sessions-error') }
}

describe('SessionsCard', { timeout: 20_000 }, () => {
  it('explains itself, and its button opens the password form in the card', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({})
    const card = m.q('sessions-card')!
    expect(card.querySelector('h2')?.textContent).toBe('Signed-in devices')
    expect(card.textContent).toContain(
      'Signed in on a computer you no longer use, or lost a phone? Sign out everywhere except here. Changing your password does this too.',
    )
    expect(m.q(PASSWORD_INPUT)).toBeNull()
    expect(m.text(OPEN)).toBe('Sign out of other devices')

    await m.click(OPEN)
    expect(m.q(OPEN)).toBeNull()
    const field = m.passwordInput()
    expect(field).toBeInstanceOf(HTMLInputElement)
    expect(field.type).toBe('password')
    expect(document.getElementById(`${field.id}-hint`)?.textContent).toBe('Enter your password to confirm.')
    expect(document.activeElement).toBe(field)
    expect(m.text(CONFIRM)).toBe('Sign out of other devices')
    expect(m.text(CANCEL)).toBe('Cancel')
    expect(m.signOuts()).toHaveLength(0)
    m.unmount()
  })

  it('says so in Chinese too', async () => {
    const m = await mount({})
    expect(m.q('sessions-card')!.querySelector('h2')?.textContent).toBe('已登录的设备')
    expect(m.q('sessions-card')!.textContent).toContain('在不再使用的电脑上登录过，或手机丢失？可退出除本设备外的所有登录。修改密码也会这样做。')
    expect(m.text(OPEN)).toBe('退出其他设备')
    await m.click(OPEN)
    expect(document.getElementById(`${m.passwordInput().id}-hint`)?.textContent).toBe('请输入登录密码以确认。')
    m.unmount()
  })

  it('sends exactly { password } with the CSRF header, then says how many sessions ended and closes the form', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [SIGN_OUT_OTHERS]: [ended(2)] })
    await m.click(OPEN)
    // Spaces are part of a password: sent as typed.
    await m.confirm(` ${PASSWORD} `)

    const [post] = m.signOuts()
    expect(post!.url).toBe('/api/identity/sessions/sign-out-others')
    expect(post!.headers['X-CSRF']).toBe('1')
    expect(post!.headers['Content-Type']).toBe('application/json')
    expect(JSON.parse(post!.init.body as string)).toStrictEqual({ password: ` ${PASSWORD} ` })

    expect(message()).toBe('Signed out of 2 other sessions.')
    expect(m.q('sessions-form')).toBeNull()
    expect(m.q(PASSWORD_INPUT)).toBeNull()
    expect(document.activeElement).toBe(m.q(OPEN))
    expect(m.alert()).toBe('')
    expect(m.fetchMock.unexpected).toEqual([])

    // Opened again: an empty field, nothing kept from the last time.
    await m.click(OPEN)
    expect(m.passwordInput().value).toBe('')
    m.unmount()
  })

  it.each([
    ['en', 0, 'There were no other sessions to sign out.'],
    ['en', 1, 'Signed out of 1 other session.'],
    ['zh-CN', 0, '没有需要退出的其他登录。'],
    ['zh-CN', 1, '已退出其他 1 个登录。'],
    ['zh-CN', 3, '已退出其他 3 个登录。'],
  ] as const)('says it in %s for %i sessions ended', async (locale, count, text) => {
    i18n.global.locale.value = locale
    const m = await mount({ [SIGN_OUT_OTHERS]: [ended(count)] })
    await m.click(OPEN)
    await m.confirm()
    expect(message()).toBe(text)
    expect(m.q('sessions-form')).toBeNull()
    m.unmount()
  })

  it('shows a wrong password (400) under the field, emptied and focused, until it is typed again', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [SIGN_OUT_OTHERS]: [problem(400, { errors: { password: ['The current password is not correct.'] } }), ended(1)],
    })
    await m.click(OPEN)
    await m.confirm('not-my-password')

    const field = m.passwordInput()
    expect(m.passwordError()).toBe('The current password is not correct.')
    expect(field.value).toBe('')
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(field)
    expect(m.alert()).toBe('')
    expect(message()).toBe('')
    expect((m.q(CONFIRM) as HTMLButtonElement).disabled).toBe(false)

    await m.typePassword(PASSWORD)
    expect(m.passwordError()).toBe('')
    await m.click(CONFIRM)
    expect(JSON.parse(m.signOuts()[1]!.init.body as string)).toStrictEqual({ password: PASSWORD })
    expect(m.q(PASSWORD_INPUT)).toBeNull()
    m.unmount()
  })

  it('shows a locked account (423) as the other password checks do: the server’s sentence, or its own', async () => {
    const detail = '由于多次输入错误，您的账户已被锁定，请在 15 分钟后重试。'
    const m = await mount({ [SIGN_OUT_OTHERS]: [lockedOut(detail), lockedOut()] })
    await m.click(OPEN)
    await m.confirm()
    expect(m.q('sessions-error')?.getAttribute('role')).toBe('alert')
    expect(m.alert()).toBe(detail)
    expect(m.passwordError()).toBe('')
    expect(m.passwordInput().value).toBe('')

    i18n.global.locale.value = 'en'
    await m.confirm()
    expect(m.alert()).toBe('Your account is locked for now after too many wrong attempts. Try again later.')
    expect(m.signOuts()).toHaveLength(2)
    m.unmount()
  })

  it('cancel closes the form, drops what was typed and its error, and sends nothing', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [SIGN_OUT_OTHERS]: [problem(400, { errors: { password: ['The current password is not correct.'] } })] })
    await m.click(OPEN)
    await m.confirm('wrong')
    expect(m.passwordError()).toBe('The current password is not correct.')

    await m.typePassword(PASSWORD)
    await m.click(CANCEL)
    expect(m.q('sessions-form')).toBeNull()
    expect(m.q(PASSWORD_INPUT)).toBeNull()
    expect(document.activeElement).toBe(m.q(OPEN))

    await m.click(OPEN)
    expect(m.passwordInput().value).toBe('')
    expect(m.passwordError()).toBe('')
    expect(m.signOuts()).toHaveLength(1)
    m.unmount()
  })

  it('on the Security page, has the activity list read again once done, from its first page', async () => {
    i18n.global.locale.value = 'en'
    const signedOut: SecurityEvent = { id: 2, action: 'sessions.sign_out_others', at: '2026-11-28T09:00:00+00:00', ipAddress: '203.0.113.x', details: null }
    const m = await mountWithFetch(
      SecurityView,
      {
        'GET /api/identity/2fa': [jsonResponse({ enabled: false, recoveryCodesLeft: 0, pendingSupportReset: null })],
        'GET /api/identity/passkeys': [jsonResponse({ passkeys: [], limit: 10 })],
        'GET /api/payments/pin': [jsonResponse({ isSet: true, locked: false, remainingAttempts: 5 })],
        [ACTIVITY_PAGE_1]: [jsonResponse({ items: [], page: 1, pageSize: 10, total: 0 }), jsonResponse({ items: [signedOut], page: 1, pageSize: 10, total: 1 })],
        [SIGN_OUT_OTHERS]: [ended(1)],
      },
      { afterClick: 'settle', user: customerUser },
    )
    expect(m.q('security-activity-empty')).not.toBeNull()
    await m.click(OPEN)
    await m.type(PASSWORD_INPUT, PASSWORD)
    await m.click(CONFIRM)
    expect(m.texts('security-activity-action')).toEqual(['Signed out of other devices'])
    expect(m.fetchMock.calls(ACTIVITY_PAGE_1)).toBe(2)
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })
})
