import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import type { RecentPayee } from '@/api/payments'
import { formatDate, formatMoney } from '@/utils/format'
import { jsonResponse, problem, requestOf } from './helpers'
import { detail, mountPayments, order, RECENT_PAYEES, serveFetch, type Reply, resetPaymentPagesAfterEach } from './paymentHelpers'

const PIN = 'GET /api/payments/pin'
const PAYEE = 'GET /api/payments/payees'
const SEND = 'POST /api/payments/transfers'
const ORDER = 'GET /api/payments/orders/ord-1'

const carol: RecentPayee = {
  customerId: 'cust-carol',
  maskedEmail: 'c***l@example.com',
  maskedPhone: '+86 138****8000',
  lastPaidAt: '2026-11-28T05:00:00+00:00',
  lastAmountMinor: 3000,
}
const dan: RecentPayee = {
  customerId: 'cust-dan',
  maskedEmail: null,
  maskedPhone: '+86 139****9000',
  lastPaidAt: '2026-11-20T05:00:00+00:00',
  lastAmountMinor: 12_345,
}
const recent = (...items: RecentPayee[]) => jsonResponse({ items })
const pinSet = () => jsonResponse({ isSet: true, locked: false, remainingAttempts: 5 })
const sam = () => jsonResponse({ customerId: 'cust-2', maskedEmail: 's*****e@example.com', maskedPhone: null })
/** Hidden by v-show (display: none) on itself or a parent. */
const hidden = (node: HTMLElement | null) => !!node?.closest<HTMLElement>('[style*="display: none"]')
const t = (key: string, values: Record<string, unknown> = {}) => i18n.global.t(key, values)

resetPaymentPagesAfterEach()

async function openPay(routes: Record<string, Reply[]>) {
  const fetchMock = serveFetch({ [PIN]: [pinSet], ...routes })
  const m = await mountPayments('/pay')
  return { ...m, fetchMock }
}

describe('PayView: pay again', { timeout: 20_000 }, () => {
  it.each(['en', 'zh-CN'] as const)('lists the people paid recently, as buttons naming them and the last payment, in %s', async (locale) => {
    i18n.global.locale.value = locale
    const m = await openPay({ [RECENT_PAYEES]: [recent(carol, dan)] })
    expect(requestOf(m.fetchMock, m.fetchMock.mock.calls.findIndex(([url]) => String(url).startsWith('/api/payments/payees/recent'))).url).toBe(
      '/api/payments/payees/recent?count=5',
    )

    const list = m.q('recent-payees')!
    expect(list.closest('[data-testid="pay-step-payee"]')).not.toBeNull()
    expect(list.querySelector('h3')?.textContent).toBe(locale === 'en' ? 'Pay again' : '最近转账')
    expect(m.all('recent-payee-contacts').map((c) => c.textContent)).toEqual(['c***l@example.com · +86 138****8000', '+86 139****9000'])
    const lastPaid = (minor: bigint, iso: string) =>
      t('pay.recent.lastPaid', { amount: formatMoney(minor, 'CNY', locale), date: formatDate(iso, locale) })
    expect(m.all('recent-payee-last-paid').map((c) => c.textContent)).toEqual([
      lastPaid(3000n, carol.lastPaidAt),
      lastPaid(12_345n, dan.lastPaidAt),
    ])
    expect(m.text('recent-payee-last-paid')).toMatch(locale === 'en' ? /^Last paid CN¥30\.00 on .*2026$/ : /^上次于 2026年.+日 转账 ¥30\.00$/)

    const buttons = m.all('recent-payee')
    expect(buttons.every((b) => b instanceof HTMLButtonElement && b.type === 'button')).toBe(true)
    expect(buttons[0]!.getAttribute('aria-label')).toBe(
      t('pay.recent.choose', { payee: 'c***l@example.com · +86 138****8000', lastPaid: lastPaid(3000n, carol.lastPaidAt) }),
    )
    expect(m.q('recent-payees-loading')).toBeNull()
    expect(m.q('recent-payees-error')).toBeNull()
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('takes the chosen payee straight to the amount step without a lookup, and pays them', async () => {
    i18n.global.locale.value = 'en'
    const m = await openPay({
      [RECENT_PAYEES]: [recent(carol, dan)],
      [SEND]: [jsonResponse(order({ counterparty: { customerId: 'cust-dan', maskedName: 'Jade customer' } }), 202)],
      [ORDER]: [() => jsonResponse(detail({ status: 'completed', counterparty: { customerId: 'cust-dan', maskedName: 'Jade customer' } }))],
    })
    await m.click(m.all('recent-payee')[1])

    expect(m.q('pay-step-payee')).toBeNull()
    expect(m.q('pay-step-amount')?.textContent).toContain('+86 139****9000')
    expect(m.q('recent-payees')).toBeNull()
    expect(document.activeElement?.id).toBe('pay-step-heading')

    await m.type('pay-amount', '45.5')
    await m.submit('pay-amount')
    expect(m.text('summary-payee')).toBe('+86 139****9000')
    await m.type('pay-pin', '246810')
    await m.submit('pay-pin')

    const posts = m.fetchMock.mock.calls.map((_, i) => requestOf(m.fetchMock, i)).filter((r) => r.url === '/api/payments/transfers')
    expect(posts).toHaveLength(1)
    expect(JSON.parse(posts[0]!.init.body as string)).toEqual({ payeeId: 'cust-dan', amount: '45.50', currency: 'CNY', pin: '246810' })
    expect(m.q('pay-step-status')).not.toBeNull()
    expect(m.fetchMock.calls(PAYEE)).toBe(0)
    expect(m.fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/payments/payees?'))).toBe(false)
    expect(m.fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('drops what was typed for the chosen payee, and offers the list again once the payee is changed', async () => {
    i18n.global.locale.value = 'en'
    const m = await openPay({ [RECENT_PAYEES]: [recent(carol)] })
    await m.type('pay-email', 'someone@example')
    await m.submit('pay-email')
    expect(m.itemError('pay-email')).toBe(t('pay.errors.emailInvalid'))

    await m.click('recent-payee')
    expect(m.q('pay-step-amount')?.textContent).toContain('c***l@example.com · +86 138****8000')
    await m.click('pay-back')
    // Back on the first step the chosen payee waits to be confirmed, like a looked-up one.
    expect(m.input('pay-email').value).toBe('')
    expect(m.itemError('pay-email')).toBe('')
    expect(m.text('payee-masked-email')).toBe('c***l@example.com')
    expect(m.text('payee-masked-phone')).toBe('+86 138****8000')
    expect(hidden(m.q('recent-payees'))).toBe(true)

    await m.click('pay-change-payee')
    expect(m.q('pay-found')).toBeNull()
    expect(hidden(m.q('recent-payees'))).toBe(false)
    expect(m.fetchMock.calls(RECENT_PAYEES)).toBe(2)
    expect(m.fetchMock.calls(PAYEE)).toBe(0)
    m.unmount()
  })

  it('shows nothing when the customer has paid nobody yet', async () => {
    const m = await openPay({ [RECENT_PAYEES]: [recent()] })
    expect(m.fetchMock.calls(RECENT_PAYEES)).toBe(1)
    expect(m.q('recent-payees')).toBeNull()
    expect(m.q('recent-payee')).toBeNull()
    expect(m.q('pay-step-payee')?.textContent).not.toContain(t('pay.recent.title'))
    m.unmount()
  })

  it('does not hold up the lookup while the list loads', async () => {
    i18n.global.locale.value = 'en'
    let answer: (r: Response) => void = () => {}
    const pending = new Promise<Response>((resolve) => (answer = resolve))
    const fetchMock = serveFetch({ [PIN]: [pinSet], [PAYEE]: [sam()] })
    const answered = fetchMock.getMockImplementation()!
    fetchMock.mockImplementation((url: string, init?: RequestInit) => (url.startsWith('/api/payments/payees/recent') ? pending : answered(url, init)))
    const m = await mountPayments('/pay')
    expect(m.text('recent-payees-loading')).toBe(t('pay.recent.loading'))
    expect(m.q('recent-payees')?.getAttribute('aria-busy')).toBe('true')

    await m.type('pay-email', 'sam@example.com')
    await m.submit('pay-email')
    expect(m.text('payee-masked-email')).toBe('s*****e@example.com')

    answer(recent(carol))
    await m.settle()
    expect(m.q('recent-payees-loading')).toBeNull()
    await m.click('pay-change-payee')
    expect(m.all('recent-payee')).toHaveLength(1)
    m.unmount()
  })

  it.each([
    ['a server fault', problem(500)],
    ['no connection', new TypeError('Failed to fetch')],
  ])('says quietly when the list cannot be loaded (%s), and the lookup still works', async (_, failure) => {
    i18n.global.locale.value = 'en'
    const m = await openPay({ [RECENT_PAYEES]: [failure], [PAYEE]: [sam()] })
    expect(m.text('recent-payees-error')).toBe(t('pay.recent.loadError'))
    expect(m.q('recent-payee')).toBeNull()
    expect(m.q('pay-lookup-error')).toBeNull()
    // A note, not an alert: nothing is wrong with what the customer is doing.
    expect(m.q('recent-payees')?.querySelector('[role="alert"]')).toBeNull()

    await m.type('pay-email', 'sam@example.com')
    await m.submit('pay-email')
    expect(m.text('payee-masked-email')).toBe('s*****e@example.com')
    await m.click('pay-confirm-payee')
    expect(m.q('pay-step-amount')?.textContent).toContain('s*****e@example.com')
    expect(m.fetchMock.calls(PAYEE)).toBe(1)
    m.unmount()
  })
})
