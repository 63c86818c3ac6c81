import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import ChangePasswordForm from '@/components/ChangePasswordForm.vue'
import { noContent, problem, problemOfType } from './helpers'
import { mountWithFetch, resetDom } from './mountHelpers'
import type { Reply } from './paymentHelpers'

const CHANGE = 'POST /api/identity/password'
const CURRENT = 'Jade-Test-2026'
const NEW = 'Jade-New-2027!'

afterEach(resetDom)

async function mount(replies: Reply[]) {
  // Element Plus shows a form item's error after a debounce.
  const m = await mountWithFetch(ChangePasswordForm, { [CHANGE]: replies }, { afterClick: 'settle' })
  const fill = async (current = CURRENT) => {
    await m.type('password-current', current)
    await m.type('password-new', NEW)
    await m.type('password-confirm', NEW)
  }
  /** The card's alert above the form ('' when none). */
  const alert = () => m.q('change-password')?.querySelector('.el-alert')?.textContent?.trim() ?? ''
  const bodies = () => m.requests().map((r) => JSON.parse(r.init.body as string) as unknown)
  return { ...m, fill, alert, bodies }
}

describe('ChangePasswordForm', { timeout: 20_000 }, () => {
  it('shows a locked account (423) above the form with the server’s sentence', async () => {
    const detail = '由于多次输入错误，您的账户已被锁定，请在 15 分钟后重试。'
    const m = await mount([problemOfType(423, 'locked-out', { title: 'Locked out', detail })])
    await m.fill()
    await m.click('password-submit')
    expect(m.bodies()).toStrictEqual([{ currentPassword: CURRENT, newPassword: NEW }])
    expect(m.alert()).toBe(detail)
    expect(m.q('change-password')?.querySelector('.el-alert')?.getAttribute('role')).toBe('alert')
    expect(m.itemError('password-current')).toBe('')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('keeps a wrong current password under its field, and clears the alert once it goes through', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount([
      problemOfType(423, 'locked-out', { title: 'Locked out', detail: 'Your account is locked. Try again in 15 minutes.' }),
      problem(400, { errors: { CurrentPassword: ['The current password is not correct.'] } }),
      noContent(),
    ])
    await m.fill()
    await m.click('password-submit')
    expect(m.alert()).toBe('Your account is locked. Try again in 15 minutes.')

    await m.click('password-submit')
    expect(m.alert()).toBe('')
    expect(m.itemError('password-current')).toBe('The current password is not correct.')

    await m.click('password-submit')
    expect(m.alert()).toBe('')
    expect(m.itemError('password-current')).toBe('')
    expect(document.querySelector('.el-message')?.textContent).toContain('Your password has been changed. Jade has signed you out on your other devices and browsers.')
    expect(m.bodies()).toHaveLength(3)
    m.unmount()
  })
})
