import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { i18n } from '@/i18n'
import TwoFactorCard from '@/components/TwoFactorCard.vue'
import type { PendingSupportReset, TwoFactorStatus } from '@/api/types'
import { formatDateTime } from '@/utils/format'
import { jsonResponse, noContent, problem, problemOfType } from './helpers'
import { mountWithFetch, resetDom } from './mountHelpers'
import type { Reply } from './paymentHelpers'

const STATUS = 'GET /api/identity/2fa'
const REGENERATE = 'POST /api/identity/2fa/recovery-codes'
const DISABLE = 'POST /api/identity/2fa/disable'
const CANCEL_RESET = 'POST /api/identity/2fa/support-reset/cancel'

const OPEN = 'recovery-regenerate'
const PASSWORD_INPUT = 'recovery-password'
const CONFIRM = 'recovery-regenerate-confirm'
const CANCEL = 'recovery-regenerate-cancel'
const PASSWORD = 'Jade-Test-2026'
const NEW_CODES = ['a1b2c-3d4e5', 'f6g7h-8i9j0', 'k1l2m-3n4o5']

const status = (enabled = true, recoveryCodesLeft = 2, pendingSupportReset: PendingSupportReset | null = null): Reply =>
  jsonResponse({ enabled, recoveryCodesLeft, pendingSupportReset } satisfies TwoFactorStatus)
const codes = () => jsonResponse({ recoveryCodes: NEW_CODES })
const lockedOut = (detail?: string) => problemOfType(423, 'locked-out', { title: 'Locked out', ...(detail ? { detail } : {}) })

afterEach(resetDom)

async function mount(routes: Record<string, Reply[]>) {
  // Element Plus shows a form item's error after a debounce.
  const m = await mountWithFetch(TwoFactorCard, { [STATUS]: [status()], ...routes }, { afterClick: 'settle' })
  const passwordInput = () => m.input(PASSWORD_INPUT)
  const typePassword = (value: string) => m.type(PASSWORD_INPUT, value)
  const passwordError = () => m.itemError(PASSWORD_INPUT)
  const sent = (method: string, url: string) => m.requests().filter((r) => (r.init.method ?? 'GET') === method && r.url === url)
  const regenerations = () => sent('POST', '/api/identity/2fa/recovery-codes')
  const bodyOf = (call: number) => JSON.parse(regenerations()[call]!.init.body as string) as unknown
  /** The card's own alert (role=alert) above the forms ('' when none). */
  const alert = () => m.text('two-factor-error')
  return { ...m, passwordInput, typePassword, passwordError, regenerations, bodyOf, alert }
}

describe('TwoFactorCard: new recovery codes', { timeout: 20_000 }, () => {
  it('opens a labelled password form in the card, explained, instead of asking to confirm in a box', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({})
    expect(m.q(PASSWORD_INPUT)).toBeNull()
    expect(m.text(OPEN)).toBe('Generate new recovery codes')

    await m.click(OPEN)
    expect(document.querySelector('.el-message-box')).toBeNull()
    expect(m.q(OPEN)).toBeNull()
    expect(m.text('recovery-regenerate-form')).toContain(
      'New recovery codes replace the ones you have now: your old codes stop working as soon as the new ones are made.',
    )
    // The test id is on the <input> itself, as a browser test fills it.
    const field = m.q(PASSWORD_INPUT)!
    expect(field).toBeInstanceOf(HTMLInputElement)
    expect(field).toBe(m.passwordInput())
    expect(m.passwordInput().type).toBe('password')
    expect(m.passwordInput().autocomplete).toBe('current-password')
    expect(field.getAttribute('aria-required')).toBe('true')
    expect(field.getAttribute('aria-invalid')).toBe('false')
    expect(m.el.querySelector(`label[for="${field.id}"]`)?.textContent).toBe('Current password')
    const hint = document.getElementById(`${field.id}-hint`)!
    expect(hint.textContent).toBe('Enter your account password to confirm it is you.')
    expect(field.getAttribute('aria-describedby')).toBe(hint.id)
    expect(document.activeElement).toBe(field)
    expect(m.text(CONFIRM)).toBe('Generate new codes')
    expect(m.text(CANCEL)).toBe('Cancel')
    // Once typed, a toggle shows what was typed.
    expect(field.closest('.el-input')?.querySelector('.el-input__password')).toBeNull()
    await m.typePassword(PASSWORD)
    expect(field.closest('.el-input')?.querySelector('.el-input__password')).not.toBeNull()
    expect(m.regenerations()).toHaveLength(0)
    m.unmount()
  })

  it('says so in Chinese too', async () => {
    const m = await mount({})
    expect(m.text(OPEN)).toBe('重新生成恢复码')
    await m.click(OPEN)
    expect(m.text('recovery-regenerate-form')).toContain('生成新的恢复码后，您现有的恢复码将立即全部失效。')
    expect(m.el.querySelector(`label[for="${m.passwordInput().id}"]`)?.textContent).toBe('当前密码')
    await m.click(CONFIRM)
    expect(m.passwordError()).toBe('请输入当前密码')
    m.unmount()
  })

  it('requires the password here first: said under the field, which gets the focus, and nothing is sent', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({})
    await m.click(OPEN)
    const field = m.passwordInput()
    await m.click(CONFIRM)
    expect(m.passwordError()).toBe('Enter your current password')
    expect(field.getAttribute('aria-invalid')).toBe('true')
    const error = field.closest('.el-form-item')!.querySelector('.el-form-item__error')!
    expect(error.getAttribute('role')).toBe('alert')
    expect(field.getAttribute('aria-describedby')?.split(' ')).toEqual([error.id, `${field.id}-hint`])
    expect(document.activeElement).toBe(field)
    expect(m.regenerations()).toHaveLength(0)
    expect(m.fetchMock.unexpected).toEqual([])

    // Typing it drops the message.
    await m.typePassword('x')
    expect(m.passwordError()).toBe('')
    expect(field.getAttribute('aria-invalid')).toBe('false')
    m.unmount()
  })

  it('sends exactly { password }, shows the new codes as before and closes the form; the password is logged nowhere', async () => {
    i18n.global.locale.value = 'en'
    const logged = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level))
    const m = await mount({ [STATUS]: [status(true, 2), status(true, 3)], [REGENERATE]: [codes()] })
    expect(m.el.textContent).toContain('Recovery codes left: 2')
    await m.click(OPEN)
    // Spaces are part of a password: sent as typed.
    await m.typePassword(` ${PASSWORD} `)
    await m.click(CONFIRM)

    const [post] = m.regenerations()
    expect(post!.url).toBe('/api/identity/2fa/recovery-codes')
    expect(post!.headers['X-CSRF']).toBe('1')
    expect(post!.headers['Content-Type']).toBe('application/json')
    expect(m.bodyOf(0)).toStrictEqual({ password: ` ${PASSWORD} ` })
    for (const other of m.requests().filter((r) => r.url !== post!.url)) expect(`${other.url} ${String(other.init.body ?? '')}`).not.toContain(PASSWORD)

    // The codes as the RecoveryCodes component shows them, the form gone and the status read again.
    expect([...m.q('recovery-codes')!.querySelectorAll('li')].map((li) => li.textContent)).toEqual(NEW_CODES)
    expect(m.q('recovery-copy')).not.toBeNull()
    expect(m.q('recovery-regenerate-form')).toBeNull()
    expect(m.q(PASSWORD_INPUT)).toBeNull()
    expect(m.q(OPEN)).not.toBeNull()
    expect(document.activeElement).toBe(m.q(OPEN))
    expect(m.el.textContent).toContain('Recovery codes left: 3')
    expect(m.alert()).toBe('')
    expect(m.fetchMock.calls(STATUS)).toBe(2)
    for (const spy of logged) expect(JSON.stringify(spy.mock.calls)).not.toContain(PASSWORD)
    expect(m.fetchMock.unexpected).toEqual([])

    // Opened again: an empty field, nothing kept from the last time.
    await m.click(OPEN)
    expect(m.passwordInput().value).toBe('')
    m.unmount()
  })

  it('shows a wrong password (400) under the field, emptied and focused, until it is typed again', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [STATUS]: [status(), status()],
      [REGENERATE]: [
        problem(400, { title: 'One or more validation errors occurred.', errors: { Password: ['The current password is not correct.'] } }),
        codes(),
      ],
    })
    await m.click(OPEN)
    await m.typePassword('not-my-password')
    await m.click(CONFIRM)

    expect(m.bodyOf(0)).toStrictEqual({ password: 'not-my-password' })
    const field = m.passwordInput()
    expect(m.passwordError()).toBe('The current password is not correct.')
    expect(field.value).toBe('')
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(field)
    expect(m.alert()).toBe('')
    expect(m.q('recovery-codes')).toBeNull()
    expect((m.q(CONFIRM) as HTMLButtonElement).disabled).toBe(false)

    // Typed again: the server's message goes, and the right one goes through.
    await m.typePassword(PASSWORD)
    expect(m.passwordError()).toBe('')
    await m.click(CONFIRM)
    expect(m.bodyOf(1)).toStrictEqual({ password: PASSWORD })
    expect(m.q('recovery-codes')).not.toBeNull()
    expect(m.q(PASSWORD_INPUT)).toBeNull()
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('shows the server’s "required" under the field too', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [REGENERATE]: [problem(400, { errors: { password: ['The password field is required.'] } })] })
    await m.click(OPEN)
    await m.typePassword(PASSWORD)
    await m.click(CONFIRM)
    expect(m.passwordError()).toBe('The password field is required.')
    expect(m.passwordInput().value).toBe('')
    m.unmount()
  })

  it('shows a locked account (423) in the card’s alert with the server’s sentence, or its own when there is none', async () => {
    const m = await mount({
      [REGENERATE]: [lockedOut('由于多次输入错误，您的账户已被锁定，请在 15 分钟后重试。'), lockedOut()],
    })
    await m.click(OPEN)
    await m.typePassword(PASSWORD)
    await m.click(CONFIRM)
    const alert = m.q('two-factor-error')!
    expect(alert.getAttribute('role')).toBe('alert')
    expect(m.alert()).toBe('由于多次输入错误，您的账户已被锁定，请在 15 分钟后重试。')
    expect(m.passwordInput().value).toBe('')
    expect(m.passwordError()).toBe('')
    expect(m.q('recovery-codes')).toBeNull()
    expect((m.q(CONFIRM) as HTMLButtonElement).disabled).toBe(false)

    i18n.global.locale.value = 'en'
    await m.typePassword(PASSWORD)
    await m.click(CONFIRM)
    expect(m.alert()).toBe('Your account is locked for now after too many wrong attempts. Try again later.')
    expect(m.passwordInput().value).toBe('')
    expect(m.regenerations()).toHaveLength(2)
    m.unmount()
  })

  it('shows a refusal that is not about the password (two-factor no longer on) in the card’s alert', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [REGENERATE]: [problem(400, { errors: { code: ['Two-factor authentication is not enabled.'] } }), problem(503, { title: 'Identity unavailable' })],
    })
    await m.click(OPEN)
    await m.typePassword(PASSWORD)
    await m.click(CONFIRM)
    expect(m.alert()).toBe('Two-factor authentication is not enabled.')
    expect(m.passwordError()).toBe('')
    expect(m.passwordInput().value).toBe('')

    await m.typePassword(PASSWORD)
    await m.click(CONFIRM)
    expect(m.alert()).toBe('Identity unavailable')
    expect(m.passwordInput().value).toBe('')
    m.unmount()
  })

  it('cancel closes the form, drops what was typed and its errors, and sends nothing', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [REGENERATE]: [problem(400, { errors: { password: ['The current password is not correct.'] } })] })
    await m.click(OPEN)
    await m.typePassword('wrong')
    await m.click(CONFIRM)
    expect(m.passwordError()).toBe('The current password is not correct.')

    await m.typePassword(PASSWORD)
    await m.click(CANCEL)
    expect(m.q('recovery-regenerate-form')).toBeNull()
    expect(m.q(PASSWORD_INPUT)).toBeNull()
    expect(document.activeElement).toBe(m.q(OPEN))
    expect(m.el.querySelector('input[type="password"]')).toBeNull()

    await m.click(OPEN)
    expect(m.passwordInput().value).toBe('')
    expect(m.passwordError()).toBe('')
    expect(m.regenerations()).toHaveLength(1)
    m.unmount()
  })
})

describe('TwoFactorCard: turning two-factor off', { timeout: 20_000 }, () => {
  it('shows a locked account (423) with the server’s sentence', async () => {
    const detail = '由于多次输入错误，您的账户已被锁定，请在 15 分钟后重试。'
    const m = await mount({ [STATUS]: [status(), status(false, 0)], [DISABLE]: [lockedOut(detail), noContent()] })
    await m.click('totp-disable')
    await m.type('totp-disable-code', '123456')
    await m.click('totp-disable-confirm')
    expect(JSON.parse(m.requests().find((r) => r.url === '/api/identity/2fa/disable')!.init.body as string)).toStrictEqual({ code: '123456' })
    expect(m.itemError('totp-disable-code')).toBe(detail)
    expect(m.text('totp-status')).toBe('已开启')

    // Once unlocked, it goes through.
    await m.type('totp-disable-code', '654321')
    await m.click('totp-disable-confirm')
    expect(m.q('totp-disable-code')).toBeNull()
    expect(m.text('totp-status')).toBe('未开启')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })
})

describe('TwoFactorCard: a support request to turn two-factor off', { timeout: 20_000 }, () => {
  const RESET: PendingSupportReset = { id: 'rst-1', requestedAt: '2026-11-28T09:15:00Z', expiresAt: '2026-11-29T09:15:00Z' }
  const pending = () => status(true, 8, RESET)

  // The confirmation is a dialog, which Element Plus puts in the body.
  async function mountPending(routes: Record<string, Reply[]>) {
    const m = await mountWithFetch(TwoFactorCard, { [STATUS]: [pending()], ...routes }, { scope: 'document', afterClick: 'settle' })
    const cancellations = () => m.requests().filter((r) => r.init.method === 'POST' && r.url === '/api/identity/2fa/support-reset/cancel')
    const dialogOpen = () => (m.q('support-reset-dialog')?.closest<HTMLElement>('.el-overlay')?.style.display ?? 'none') !== 'none'
    return { ...m, cancellations, dialogOpen }
  }

  it('warns at the top of the card, with when it was asked for and by when it would need approving', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountPending({})
    const alert = m.q('support-reset-pending')!
    expect(m.q('two-factor')!.querySelector('.el-card__body .el-alert')).toBe(alert)
    expect(alert.classList).toContain('el-alert--warning')
    expect(alert.getAttribute('role')).toBe('alert')
    expect(alert.querySelector('.el-alert__title')?.textContent?.trim()).toBe('Jade support was asked to turn off your two-step verification')
    expect(m.text('support-reset-text')).toBe(
      `Requested on ${formatDateTime(RESET.requestedAt, 'en')}. It takes effect only if a second agent approves it, by ` +
        `${formatDateTime(RESET.expiresAt, 'en')}. If you did not call us, stop it now.`,
    )
    expect(m.text('support-reset-text')).toContain('2026')
    expect(m.text('support-reset-cancel')).toBe('This wasn’t me — stop it')
    expect(m.text('totp-status')).toBe('Enabled')
    expect(m.q('support-reset-gone')).toBeNull()
    m.unmount()
  })

  it('warns in Chinese too, with the times as Chinese readers write them', async () => {
    const m = await mountPending({})
    expect(m.q('support-reset-pending')!.querySelector('.el-alert__title')?.textContent?.trim()).toBe('Jade 客服收到关闭您两步验证的申请')
    expect(m.text('support-reset-text')).toBe(
      `申请于 ${formatDateTime(RESET.requestedAt, 'zh-CN')} 提交，需另一位客服在 ${formatDateTime(RESET.expiresAt, 'zh-CN')} ` +
        '前复核后才会生效。如果不是您本人联系的客服，请立即阻止。',
    )
    expect(formatDateTime(RESET.requestedAt, 'zh-CN')).not.toBe(formatDateTime(RESET.requestedAt, 'en'))
    expect(m.text('support-reset-cancel')).toBe('不是我本人，阻止申请')
    m.unmount()
  })

  it('shows no warning when there is no request', async () => {
    const m = await mountPending({ [STATUS]: [status()] })
    expect(m.q('totp-status')).not.toBeNull()
    expect(m.q('support-reset-pending')).toBeNull()
    expect(m.q('support-reset-cancel')).toBeNull()
    expect(m.q('support-reset-gone')).toBeNull()
    m.unmount()
  })

  it('asks first, and going back sends nothing', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountPending({})
    await m.click('support-reset-cancel')
    expect(m.dialogOpen()).toBe(true)
    expect(document.querySelector('.el-message-box')).toBeNull()
    const dialog = m.q('support-reset-dialog')!.closest('[role="dialog"]')!
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(dialog.getAttribute('aria-label')).toBe('Stop this request?')
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toContain(
      'Your two-step verification stays on, and this request can no longer be approved. If you did call us, you will have to ask again.',
    )
    expect(document.activeElement).toBe(m.q('support-reset-back'))
    expect(m.text('support-reset-confirm')).toBe('Stop the request')

    await m.click('support-reset-back')
    expect(m.dialogOpen()).toBe(false)
    expect(document.activeElement).toBe(m.q('support-reset-cancel'))
    expect(m.cancellations()).toHaveLength(0)
    expect(m.fetchMock.calls(STATUS)).toBe(1)
    expect(m.q('support-reset-pending')).not.toBeNull()
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('once confirmed, sends one POST, says so, reads the status again and the warning goes', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountPending({ [STATUS]: [pending(), status(true, 8)], [CANCEL_RESET]: [noContent()] })
    await m.click('support-reset-cancel')
    const confirm = m.q('support-reset-confirm')!
    // A second click while the first runs is ignored; the buttons show that it runs.
    confirm.click()
    confirm.click()
    await nextTick()
    expect(confirm.classList).toContain('is-loading')
    expect((m.q('support-reset-back') as HTMLButtonElement).disabled).toBe(true)
    await m.settle()

    const [post, ...more] = m.cancellations()
    expect(more).toHaveLength(0)
    expect(post!.headers['X-CSRF']).toBe('1')
    expect(post!.init.body).toBeUndefined()
    const calls = m.urls()
    expect(calls).toEqual(['/api/identity/2fa', '/api/identity/2fa/support-reset/cancel', '/api/identity/2fa'])
    expect(document.querySelector('.el-message--success')?.textContent).toContain(
      'The reset request was stopped. Consider changing your password.',
    )
    expect(m.q('support-reset-pending')).toBeNull()
    expect(m.q('support-reset-gone')).toBeNull()
    expect(m.dialogOpen()).toBe(false)
    expect(document.activeElement).toBe(document.getElementById('two-factor-title'))
    expect(m.text('totp-status')).toBe('Enabled')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('says so in Chinese', async () => {
    const m = await mountPending({ [STATUS]: [pending(), status(true, 8)], [CANCEL_RESET]: [noContent()] })
    await m.click('support-reset-cancel')
    expect(m.q('support-reset-dialog')!.textContent).toContain('您的两步验证将保持开启')
    expect(m.text('support-reset-back')).toBe('返回')
    await m.click('support-reset-confirm')
    expect(document.querySelector('.el-message--success')?.textContent).toContain('已阻止该重置申请。建议您修改登录密码。')
    expect(m.q('support-reset-pending')).toBeNull()
    m.unmount()
  })

  it('says when it was decided or expired meanwhile (404), and reads the status again', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountPending({
      [STATUS]: [pending(), status(false, 0)],
      [CANCEL_RESET]: [problemOfType(404, 'reset-request-not-found', { title: 'Not Found' })],
    })
    await m.click('support-reset-cancel')
    await m.click('support-reset-confirm')
    expect(m.cancellations()).toHaveLength(1)
    expect(m.fetchMock.calls(STATUS)).toBe(2)
    expect(m.q('support-reset-pending')).toBeNull()
    expect(m.dialogOpen()).toBe(false)
    const gone = m.q('support-reset-gone')!
    expect(gone.getAttribute('role')).toBe('alert')
    expect(gone.textContent?.trim()).toBe(
      'There was nothing left to stop: Jade support had already decided on the request, or it had expired. Your recent security activity shows what happened.',
    )
    expect(document.querySelector('.el-message--success')).toBeNull()
    expect(m.text('totp-status')).toBe('Not enabled')

    i18n.global.locale.value = 'zh-CN'
    await nextTick()
    expect(m.text('support-reset-gone')).toBe('已没有可阻止的申请：客服已处理该申请，或申请已过期。可在“最近的安全活动”中查看结果。')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('shows any other failure in the dialog, which stays open to try again', async () => {
    i18n.global.locale.value = 'en'
    const m = await mountPending({
      [STATUS]: [pending(), status(true, 8)],
      [CANCEL_RESET]: [problem(503, { title: 'Identity unavailable' }), noContent()],
    })
    await m.click('support-reset-cancel')
    await m.click('support-reset-confirm')
    const error = m.q('support-reset-error')!
    expect(error.getAttribute('role')).toBe('alert')
    expect(error.textContent?.trim()).toBe('Identity unavailable')
    expect(m.dialogOpen()).toBe(true)
    expect(m.q('support-reset-pending')).not.toBeNull()
    expect(m.fetchMock.calls(STATUS)).toBe(1)

    await m.click('support-reset-confirm')
    expect(m.cancellations()).toHaveLength(2)
    expect(m.q('support-reset-pending')).toBeNull()
    expect(m.dialogOpen()).toBe(false)
    m.unmount()
  })
})
