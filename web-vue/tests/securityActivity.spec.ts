import { afterEach, describe, expect, it } from 'vitest'
import type { Component } from 'vue'
import { i18n } from '@/i18n'
import SecurityActivityCard from '@/components/SecurityActivityCard.vue'
import SecurityView from '@/views/SecurityView.vue'
import type { SecurityEvent } from '@/api/types'
import { formatDateTime } from '@/utils/format'
import { flush, jsonResponse, problem, requestOf } from './helpers'
import { customerUser, mountWithFetch, resetDom } from './mountHelpers'
import type { Reply } from './paymentHelpers'

const ACTIVITY = 'GET /api/identity/security-activity'
const PAGE_1 = `${ACTIVITY}?page=1&pageSize=10`
const PAGE_2 = `${ACTIVITY}?page=2&pageSize=10`

const event = (id: number, action: string, details: SecurityEvent['details'] = null, extra: Partial<SecurityEvent> = {}): SecurityEvent => ({
  id,
  action,
  at: `2026-11-28T0${id % 10}:02:03.456+00:00`,
  ipAddress: '203.0.113.x',
  details,
  ...extra,
})

/** One of each action the SPA knows, newest first, as the server lists them. */
const everyAction: SecurityEvent[] = [
  event(7, 'passkey.remove', { id: 'cred-old', name: 'Old phone' }),
  event(6, 'passkey.rename', { id: 'cred-1', name: 'Work laptop' }),
  event(5, 'passkey.add', { id: 'cred-1', name: 'Laptop' }, { ipAddress: '2001:db8:85a3:8d3::x' }),
  event(4, 'recovery_codes.regenerate', { recoveryCodes: 10 }),
  event(3, 'two_factor.disable', { enabled: false }),
  event(2, 'two_factor.enable', { enabled: true, recoveryCodes: 10 }),
  event(1, 'password.change', null, { ipAddress: 'unknown' }),
]

const page = (items: SecurityEvent[], total = items.length, pageNumber = 1) =>
  jsonResponse({ items, page: pageNumber, pageSize: 10, total })

afterEach(resetDom)

const mount = (routes: Record<string, Reply[]>, component: Component = SecurityActivityCard) =>
  mountWithFetch(component, routes, { user: customerUser })

describe('SecurityActivityCard', { timeout: 20_000 }, () => {
  it('lists every action as a sentence, with its exact time and masked address, in English', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [PAGE_1]: [page(everyAction)] })
    const card = m.q('security-activity-card')!
    expect(card.querySelector('h2')?.textContent).toBe('Recent security activity')
    expect(card.textContent).toContain(
      'Sign-ins and changes to how you sign in. If you don’t recognise one, change your password and remove unknown passkeys.',
    )

    expect(m.texts('security-activity-action')).toEqual([
      'Passkey “Old phone” removed',
      'Passkey renamed to “Work laptop”',
      'Passkey “Laptop” added',
      'New recovery codes generated',
      'Two-factor authentication turned off',
      'Two-factor authentication turned on',
      'Password changed',
    ])
    expect(m.all('security-activity-row')).toHaveLength(7)

    const times = m.all('security-activity-time')
    expect(times.map((time) => time.getAttribute('datetime'))).toEqual(everyAction.map((e) => e.at))
    expect(times.map((time) => time.textContent)).toEqual(everyAction.map((e) => formatDateTime(e.at, 'en')))
    expect(times[0]!.textContent).toMatch(/2026/)

    const addresses = m.texts('security-activity-address')
    expect(addresses[0]).toBe('IP address 203.0.113.x')
    expect(addresses[2]).toBe('IP address 2001:db8:85a3:8d3::x')
    expect(addresses[6]).toBe('IP address Unknown')

    // The list is named by the card's heading; one page only, so no pager.
    const list = card.querySelector('ul')!
    expect(document.getElementById(list.getAttribute('aria-labelledby')!)?.textContent).toBe('Recent security activity')
    expect(m.q('security-activity-pager')).toBeNull()
    expect(m.q('security-activity-empty')).toBeNull()
    expect(m.q('security-activity-error')).toBeNull()
    m.unmount()
  })

  it('asks for the first page, ten at a time', async () => {
    const m = await mount({ [PAGE_1]: [page(everyAction)] })
    expect(m.urls()).toEqual(['/api/identity/security-activity?page=1&pageSize=10'])
    const { init, headers } = requestOf(m.fetchMock)
    expect(init.method).toBe('GET')
    expect(init.credentials).toBe('same-origin')
    expect(headers.Accept).toBe('application/json')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('speaks Chinese', async () => {
    i18n.global.locale.value = 'zh-CN'
    const m = await mount({ [PAGE_1]: [page(everyAction)] })
    const card = m.q('security-activity-card')!
    expect(card.querySelector('h2')?.textContent).toBe('最近的安全活动')
    expect(card.textContent).toContain('请立即修改密码，并删除不认识的通行密钥')
    expect(m.texts('security-activity-action')).toEqual([
      '已删除通行密钥“Old phone”',
      '通行密钥已重命名为“Work laptop”',
      '已添加通行密钥“Laptop”',
      '已重新生成恢复码',
      '两步验证已关闭',
      '两步验证已开启',
      '密码已修改',
    ])
    expect(m.all('security-activity-time')[0]!.textContent).toBe(formatDateTime(everyAction[0]!.at, 'zh-CN'))
    expect(m.texts('security-activity-address')[6]).toBe('IP 地址 未知')
    m.unmount()
  })

  it('follows a change of language without reloading', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [PAGE_1]: [page(everyAction.slice(2, 3))] })
    expect(m.texts('security-activity-action')).toEqual(['Passkey “Laptop” added'])
    i18n.global.locale.value = 'zh-CN'
    await flush()
    expect(m.texts('security-activity-action')).toEqual(['已添加通行密钥“Laptop”'])
    expect(m.all('security-activity-time')[0]!.textContent).toBe(formatDateTime(everyAction[2]!.at, 'zh-CN'))
    expect(m.urls()).toHaveLength(1)
    m.unmount()
  })

  it.each([
    ['en', ['Signed in with a passkey', 'Signed in with your password and authenticator code', 'Signed in with your password and a recovery code', 'Signed in with your password', 'Signed in'], 'Browser', 'New device'],
    ['zh-CN', ['使用通行密钥登录', '使用密码和验证器验证码登录', '使用密码和恢复码登录', '使用密码登录', '已登录'], '浏览器', '新设备'],
  ])('says in %s how each sign-in was proven and on which browser, marking a new one', async (locale, sentences, browser, isNew) => {
    i18n.global.locale.value = locale as 'en' | 'zh-CN'
    const m = await mount({
      [PAGE_1]: [
        page([
          event(6, 'sign_in', { method: 'passkey', device: 'Chrome on Android', newDevice: true }),
          event(5, 'sign_in', { method: 'password_authenticator', device: 'Firefox on Windows', newDevice: false }),
          event(4, 'sign_in', { method: 'password_recovery_code', device: 'Safari on macOS', newDevice: false }),
          event(3, 'sign_in', { method: 'password', device: 'Chrome on Linux', newDevice: false }),
          event(2, 'sign_in', { method: 'face_id_someday' }),
          event(1, 'password.change'),
        ]),
      ],
    })
    expect(m.texts('security-activity-action').slice(0, 5)).toEqual(sentences)
    expect(m.texts('security-activity-device')).toEqual([
      `${browser} Chrome on Android ${isNew}`,
      `${browser} Firefox on Windows`,
      `${browser} Safari on macOS`,
      `${browser} Chrome on Linux`,
    ])
    // Only the first browser was new; the sign-in without a browser and the password change name none.
    expect(m.all('security-activity-new-device')).toHaveLength(1)
    const rows = m.all('security-activity-row')
    expect(rows[4]!.querySelector('[data-testid="security-activity-device"]')).toBeNull()
    expect(rows[5]!.querySelector('[data-testid="security-activity-device"]')).toBeNull()
    m.unmount()
  })

  it.each([
    ['en', 'Account locked for a while after too many wrong passwords or codes'],
    ['zh-CN', '密码或验证码错误次数过多，账户已被暂时锁定'],
  ])('says in %s that the account was locked by wrong answers', async (locale, sentence) => {
    i18n.global.locale.value = locale as 'en' | 'zh-CN'
    const m = await mount({ [PAGE_1]: [page([event(1, 'account.locked', { step: 'sign_in' } as SecurityEvent['details'])])] })
    expect(m.texts('security-activity-action')).toEqual([sentence])
    expect(m.q('security-activity-device')).toBeNull()
    m.unmount()
  })

  it.each([
    [
      'en',
      [
        'Two-step verification reset by Jade support',
        'A support request to reset your two-step verification was turned down',
        'Jade support asked for a reset of your two-step verification',
        'Jade support could not confirm your identity to reset two-step verification',
      ],
    ],
    ['zh-CN', ['客服已重置两步验证', '客服重置两步验证的申请已被驳回', '客服申请重置两步验证', '客服未能核实您的身份，未重置两步验证']],
  ])('says in %s what Jade support did, without the staff’s details', async (locale, sentences) => {
    i18n.global.locale.value = locale as 'en' | 'zh-CN'
    const m = await mount({
      [PAGE_1]: [
        page([
          event(4, 'two_factor.support_reset'),
          event(3, 'two_factor.support_reset_rejected'),
          event(2, 'two_factor.support_reset_requested'),
          event(1, 'two_factor.support_reset_refused'),
        ]),
      ],
    })
    expect(m.texts('security-activity-action')).toEqual(sentences)
    expect(m.q('security-activity-device')).toBeNull()
    m.unmount()
  })

  it.each([
    ['en', 'You stopped a support request to reset your two-step verification'],
    ['zh-CN', '您已阻止客服重置两步验证的申请'],
  ])('says in %s that the customer stopped a support request to reset two-step verification', async (locale, sentence) => {
    i18n.global.locale.value = locale as 'en' | 'zh-CN'
    const m = await mount({ [PAGE_1]: [page([event(1, 'two_factor.support_reset_cancelled')])] })
    expect(m.texts('security-activity-action')).toEqual([sentence])
    expect(m.q('security-activity-device')).toBeNull()
    m.unmount()
  })

  it('shows an action it does not know as it came, and a passkey event without a name without one', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({
      [PAGE_1]: [
        page([
          event(3, 'email.change', { from: 'a***e@example.com' } as SecurityEvent['details']),
          event(2, 'constructor'),
          event(1, 'passkey.remove', { id: 'cred-9' }),
        ]),
      ],
    })
    expect(m.texts('security-activity-action')).toEqual(['email.change', 'constructor', 'Passkey removed'])
    expect(m.all('security-activity-row')).toHaveLength(3)
    m.unmount()
  })

  it('says when the customer signed out of their other devices, in both languages', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [PAGE_1]: [page([event(1, 'sessions.sign_out_others')])] })
    expect(m.texts('security-activity-action')).toEqual(['Signed out of other devices'])
    i18n.global.locale.value = 'zh-CN'
    await flush()
    expect(m.texts('security-activity-action')).toEqual(['已退出其他设备'])
    m.unmount()
  })

  it('says so when there is no activity yet', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [PAGE_1]: [page([])] })
    expect(m.q('security-activity-empty')?.textContent).toContain('No security activity yet.')
    expect(m.all('security-activity-row')).toHaveLength(0)
    expect(m.q('security-activity-pager')).toBeNull()
    m.unmount()
  })

  it('shows a failed load with a retry that asks again', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount({ [PAGE_1]: [problem(503, { title: 'Identity unavailable' }), page(everyAction.slice(0, 2))] })
    const card = m.q('security-activity-card')!
    expect(card.textContent).toContain('Identity unavailable')
    expect(m.all('security-activity-row')).toHaveLength(0)
    expect(m.q('security-activity-empty')).toBeNull()

    await m.click(card.querySelector<HTMLElement>('.load-retry'))
    expect(m.texts('security-activity-action')).toEqual(['Passkey “Old phone” removed', 'Passkey renamed to “Work laptop”'])
    expect(card.textContent).not.toContain('Identity unavailable')
    expect(m.urls()).toEqual([
      '/api/identity/security-activity?page=1&pageSize=10',
      '/api/identity/security-activity?page=1&pageSize=10',
    ])
    m.unmount()
  })

  it('pages through more than ten events, asking the server for each page', async () => {
    i18n.global.locale.value = 'en'
    const first = Array.from({ length: 10 }, (_, i) => event(100 - i, 'password.change'))
    const second = [event(90, 'passkey.add', { id: 'cred-2', name: 'Tablet' }), event(89, 'two_factor.enable', { enabled: true, recoveryCodes: 10 })]
    const m = await mount({ [PAGE_1]: [page(first, 12)], [PAGE_2]: [page(second, 12, 2)] })
    expect(m.all('security-activity-row')).toHaveLength(10)
    const pager = m.q('security-activity-pager')!
    expect(pager.textContent).toContain('12')
    // One page size only: nothing to choose.
    expect(pager.querySelector('.el-pagination__sizes')).toBeNull()

    await m.click(pager.querySelector<HTMLElement>('.btn-next'))
    expect(m.urls()).toEqual([
      '/api/identity/security-activity?page=1&pageSize=10',
      '/api/identity/security-activity?page=2&pageSize=10',
    ])
    expect(m.texts('security-activity-action')).toEqual(['Passkey “Tablet” added', 'Two-factor authentication turned on'])
    expect(m.q('security-activity-pager')?.querySelector('.is-active')?.textContent?.trim()).toBe('2')
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('keeps the page shown when another fails to load, and retries that one', async () => {
    i18n.global.locale.value = 'en'
    const first = Array.from({ length: 10 }, (_, i) => event(100 - i, 'password.change'))
    const m = await mount({
      [PAGE_1]: [page(first, 11)],
      [PAGE_2]: [problem(503, { title: 'Identity unavailable' }), page([event(1, 'two_factor.disable', { enabled: false })], 11, 2)],
    })
    await m.click(m.q('security-activity-pager')!.querySelector<HTMLElement>('.btn-next'))
    expect(m.q('security-activity-error')?.getAttribute('role')).toBe('alert')
    expect(m.q('security-activity-error')?.textContent).toContain('Identity unavailable')
    expect(m.all('security-activity-row')).toHaveLength(10)

    await m.click(m.q('security-activity-retry'))
    expect(m.q('security-activity-error')).toBeNull()
    expect(m.texts('security-activity-action')).toEqual(['Two-factor authentication turned off'])
    expect(m.urls().filter((url) => url.endsWith('page=2&pageSize=10'))).toHaveLength(2)
    m.unmount()
  })

  it('is last on the Security page', async () => {
    i18n.global.locale.value = 'en'
    const m = await mount(
      {
        'GET /api/identity/2fa': [jsonResponse({ enabled: false, recoveryCodesLeft: 0, pendingSupportReset: null })],
        'GET /api/identity/passkeys': [jsonResponse({ passkeys: [], limit: 10 })],
        'GET /api/payments/pin': [jsonResponse({ isSet: true, locked: false, remainingAttempts: 5 })],
        [PAGE_1]: [page(everyAction)],
      },
      SecurityView,
    )
    const cards = [...m.el.querySelector('.security')!.children]
    expect(cards.at(-1)?.getAttribute('data-testid')).toBe('security-activity-card')
    expect(m.all('security-activity-row')).toHaveLength(7)
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })
})
