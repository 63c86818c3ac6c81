import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useSessionStore } from '@/stores/session'
import AppShell from '@/components/AppShell.vue'
import { formatMoney } from '@/utils/format'
import { formatBusinessDateTime } from '@/utils/businessTime'
import type { PaymentView } from '@/api/payments'
import { usePaymentsStore } from '@/stores/payments'
import { flush, jsonResponse, problem, requestOf } from './helpers'
import { detail, mountPayments, order, serveFetch, sleep, TEST_POLL, unmountAll, until } from './paymentHelpers'
import { officer } from './riskHelpers'

const LIST = 'GET /api/payments/orders'
const pageOf = (items: PaymentView[], total = items.length, page = 1, pageSize = 20) => jsonResponse({ items, page, pageSize, total })

const sent = order({ id: 'o-sent', status: 'completed', amountMinor: 3000, completedAt: '2026-11-27T08:00:03Z', memo: 'Dinner' })
const received = order({
  id: 'o-in',
  direction: 'incoming',
  status: 'completed',
  amountMinor: 1250,
  counterparty: { customerId: 'cust-9', maskedName: 'a***e@example.com' },
  createdAt: '2026-11-26T08:00:00Z',
})
const failed = order({ id: 'o-failed', status: 'failed', failureReason: 'insufficient_funds', amountMinor: 999999, createdAt: '2026-11-25T08:00:00Z' })
const reviewing = order({ id: 'o-review', status: 'in_review', createdAt: '2026-11-24T08:00:00Z' })
const topUp = order({
  id: 'top-1',
  kind: 'topup',
  direction: 'incoming',
  status: 'awaiting_confirmation',
  amountMinor: 50000,
  counterparty: { customerId: null, maskedName: 'Bank card' },
})

afterEach(() => {
  unmountAll()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
  sessionStorage.clear()
  i18n.global.locale.value = 'zh-CN'
})

const urls = (fetchMock: ReturnType<typeof serveFetch>) => fetchMock.mock.calls.map(([url]) => String(url))

describe('PaymentsView (history)', { timeout: 20_000 }, () => {
  it.each(['en', 'zh-CN'] as const)('lists payments newest first with signed amounts and status tags in %s', async (locale) => {
    i18n.global.locale.value = locale
    const fetchMock = serveFetch({ [LIST]: [pageOf([sent, received, failed, reviewing])] })
    const m = await mountPayments('/payments')
    expect(urls(fetchMock)).toEqual(['/api/payments/orders?page=1&pageSize=20'])
    const rows = m.all('payment-row')
    expect(rows.map((r) => r.dataset.paymentId)).toEqual(['o-sent', 'o-in', 'o-failed', 'o-review'])
    const money = (minor: bigint) => formatMoney(minor, 'CNY', locale)
    expect(m.all('payment-amount').map((a) => a.textContent)).toEqual([money(-3000n), `+${money(1250n)}`, money(-999999n), money(-3000n)])
    const t = (key: string) => i18n.global.t(key)
    expect(m.all('payment-status').map((s) => s.textContent?.trim())).toEqual([
      t('payments.status.completed'),
      t('payments.status.completed'),
      t('payments.status.failed'),
      t('payments.status.in_review'),
    ])
    expect(rows[0]!.querySelector('time')?.textContent).toBe(formatBusinessDateTime(sent.createdAt, locale))
    expect(rows[0]!.textContent).toContain('s*****e@example.com')
    expect(rows[0]!.textContent).toContain('Dinner')
    expect(rows[1]!.textContent).toContain('a***e@example.com')
    expect(rows[2]!.classList.contains('failed')).toBe(true)
    expect(m.el.querySelector('caption')?.textContent).toBe(t('payments.history.caption'))
    expect(m.q('payments-export')?.getAttribute('href')).toBe('/api/payments/orders/export')
    expect(m.q('payments-export')?.hasAttribute('download')).toBe(true)
    m.unmount()
  })

  it.each([
    ['en', 'Nov 28, 2026, 1:30 AM', 'Dates and times are in Beijing time (UTC+8).'],
    ['zh-CN', '2026年11月28日 01:30', '日期和时间均为北京时间（UTC+8）。'],
  ] as const)('shows times in Beijing time, the days its date filter means, and says so, in %s', async (locale, time, note) => {
    i18n.global.locale.value = locale
    // 17:30 UTC on 27 November is 01:30 on the 28th in Beijing: the server lists it under the 28th.
    const late = order({ id: 'o-late', createdAt: '2026-11-27T17:30:00Z' })
    serveFetch({ [LIST]: [pageOf([late])] })
    const m = await mountPayments('/payments')
    expect(m.all('payment-row')[0]!.querySelector('time')?.textContent).toBe(time)
    expect(m.text('payments-time-zone')).toBe(note)
    m.unmount()
  })

  it('offers no day before 2000-01-01 nor after Beijing’s today in the date filter', async () => {
    serveFetch({ [LIST]: [pageOf([sent])] })
    const m = await mountPayments('/payments')
    // The picker's own disabled-date test, as Element Plus calls it for each day it draws.
    type Instance = { type: { name?: string }; props: Record<string, unknown>; parent: Instance | null }
    let picker = (m.el.querySelector('.el-date-editor') as unknown as { __vueParentComponent?: Instance }).__vueParentComponent ?? null
    while (picker && picker.type.name !== 'ElDatePicker') picker = picker.parent
    const disabled = picker!.props.disabledDate as (d: Date) => boolean
    expect(disabled(new Date(1999, 11, 31))).toBe(true)
    expect(disabled(new Date(2000, 0, 1))).toBe(false)
    expect(disabled(new Date(2026, 0, 1))).toBe(false)
    expect(disabled(new Date(2100, 0, 1))).toBe(true)
    m.unmount()
  })

  it.each([
    ['en', 'Dates are between 2000-01-01 and 2099-12-31.'],
    ['zh-CN', 'Dates are between 2000-01-01 and 2099-12-31.'],
  ] as const)('shows the server’s refusal of the dates (400 from/to) by the filter, not as a load error to retry (%s)', async (locale, message) => {
    i18n.global.locale.value = locale
    const fetchMock = serveFetch({
      [LIST]: [
        pageOf([sent]),
        problem(400, { title: 'One or more validation errors occurred.', errors: { from: [message], To: ['The end date is before the start date.'] } }),
        pageOf([sent]),
      ],
    })
    const m = await mountPayments('/payments')
    await usePaymentsStore(m.pinia).applyFilters({ dateRange: ['1999-12-31', '1999-12-01'] })
    await flush()
    const error = m.q('payments-date-error')!
    expect(error.getAttribute('role')).toBe('alert')
    expect(error.textContent).toBe(`${message} The end date is before the start date.`)
    expect(m.el.querySelector('.load-retry')).toBeNull()
    expect(m.el.textContent).not.toContain('One or more validation errors occurred.')

    await m.click('payments-filter-reset')
    expect(fetchMock.calls(LIST)).toBe(3)
    expect(m.q('payments-date-error')).toBeNull()
    expect(m.all('payment-row')).toHaveLength(1)
    m.unmount()
  })

  it.each([
    ['en', '12,345', '10,000', 'narrow the dates'],
    ['zh-CN', '12,345', '10,000', '缩小日期范围'],
  ] as const)('warns when the filters match more payments than an export holds (%s)', async (locale, total, max, advice) => {
    i18n.global.locale.value = locale
    serveFetch({ [LIST]: [pageOf([sent], 12_345), pageOf([sent], 10_000)] })
    const m = await mountPayments('/payments')
    const warning = m.text('payments-export-capped')
    expect(warning).toContain(total)
    expect(warning).toContain(max)
    expect(warning).toContain(advice)
    expect(m.q('payments-export')?.getAttribute('title')).toContain(max)
    expect(m.q('payments-export')?.getAttribute('title')).not.toMatch(/every|全部/)

    // Exactly as many as an export holds: nothing is left out.
    m.el.querySelectorAll<HTMLInputElement>('[data-testid="payments-filter-direction"] input')[1]!.click()
    await flush()
    expect(m.q('payments-export-capped')).toBeNull()
    m.unmount()
  })

  it('shows an empty state, worded for the filters', async () => {
    i18n.global.locale.value = 'en'
    serveFetch({ [LIST]: [pageOf([]), pageOf([])] })
    const m = await mountPayments('/payments')
    expect(m.text('payments-empty')).toContain('No payments yet')
    expect(m.q('payments-filter-reset')?.hasAttribute('disabled')).toBe(true)
    m.el.querySelectorAll<HTMLInputElement>('[data-testid="payments-filter-direction"] input')[2]!.click()
    await flush()
    expect(m.text('payments-empty')).toContain('No payments match these filters')
    expect(m.q('payments-filter-reset')?.hasAttribute('disabled')).toBe(false)
    m.unmount()
  })

  it('shows a load error with a retry', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = serveFetch({ [LIST]: [problem(503, { title: 'Payments unavailable' }), pageOf([sent])] })
    const m = await mountPayments('/payments')
    expect(m.el.textContent).toContain('Payments unavailable')
    expect(m.all('payment-row')).toHaveLength(0)
    await m.click(m.el.querySelector<HTMLElement>('.load-retry'))
    expect(fetchMock.calls(LIST)).toBe(2)
    expect(m.all('payment-row')).toHaveLength(1)
    expect(m.el.textContent).not.toContain('Payments unavailable')
    m.unmount()
  })

  it('filters by direction: the list query and the CSV link follow, starting again at page 1', async () => {
    const fetchMock = serveFetch({ [LIST]: [pageOf([sent], 45), pageOf([sent], 45, 2), pageOf([sent], 1)] })
    const m = await mountPayments('/payments')
    await m.click(m.el.querySelector<HTMLElement>('[data-testid="payments-pagination"] .btn-next'))
    m.el.querySelectorAll<HTMLInputElement>('[data-testid="payments-filter-direction"] input')[1]!.click() // outgoing
    await flush()
    expect(urls(fetchMock)).toEqual([
      '/api/payments/orders?page=1&pageSize=20',
      '/api/payments/orders?page=2&pageSize=20',
      '/api/payments/orders?direction=outgoing&page=1&pageSize=20',
    ])
    expect(m.q('payments-export')?.getAttribute('href')).toBe('/api/payments/orders/export?direction=outgoing')
    m.unmount()
  })

  it('filters by kind and status through their selects', async () => {
    const fetchMock = serveFetch({ [LIST]: [pageOf([sent]), pageOf([sent]), pageOf([sent])] })
    const m = await mountPayments('/payments')
    const choose = async (testId: string, label: string) => {
      await m.click(m.q(testId)?.querySelector<HTMLElement>('.el-select__wrapper'))
      const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((o) => o.textContent?.trim() === label)
      await m.click(option)
    }
    const t = (key: string) => i18n.global.t(key)
    await choose('payments-filter-kind', t('payments.kind.withdrawal'))
    await choose('payments-filter-status', t('payments.status.in_review'))
    expect(urls(fetchMock).slice(1)).toEqual([
      '/api/payments/orders?kind=withdrawal&page=1&pageSize=20',
      '/api/payments/orders?kind=withdrawal&status=in_review&page=1&pageSize=20',
    ])
    expect(m.q('payments-export')?.getAttribute('href')).toBe('/api/payments/orders/export?kind=withdrawal&status=in_review')
    m.unmount()
  })

  it('offers the top-up and withdrawal statuses, only those the chosen kind can have', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = serveFetch({ [LIST]: [() => pageOf([sent])] })
    const m = await mountPayments('/payments')
    const t = (key: string) => i18n.global.t(key)
    /** Opens a select and reads its options (each select's list is the one its input controls). */
    const open = async (testId: string) => {
      await m.click(m.q(testId)?.querySelector<HTMLElement>('.el-select__wrapper'))
      const list = document.getElementById(m.q(testId)?.querySelector('input')?.getAttribute('aria-controls') ?? '')
      return [...(list?.querySelectorAll<HTMLElement>('.el-select-dropdown__item') ?? [])].map((o) => o.textContent?.trim())
    }
    const choose = async (testId: string, label: string) => {
      await m.click(m.q(testId)?.querySelector<HTMLElement>('.el-select__wrapper'))
      const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((o) => o.textContent?.trim() === label)
      await m.click(option)
    }
    const kinds = await open('payments-filter-kind')
    expect(kinds).toEqual(expect.arrayContaining([t('payments.kind.topup'), t('payments.kind.withdrawal')]))
    const statuses = await open('payments-filter-status')
    for (const s of ['awaiting_confirmation', 'created', 'paying_out', 'awaiting_payout']) expect(statuses).toContain(t(`payments.status.${s}`))

    await choose('payments-filter-status', t('payments.status.in_review'))
    // A top-up is never reviewed: choosing that kind drops the status rather than show an empty list.
    await choose('payments-filter-kind', t('payments.kind.topup'))
    expect(urls(fetchMock).slice(1)).toEqual([
      '/api/payments/orders?status=in_review&page=1&pageSize=20',
      '/api/payments/orders?kind=topup&page=1&pageSize=20',
    ])
    const topupStatuses = (await open('payments-filter-status')).filter((label) => label !== t('payments.history.anyStatus'))
    expect(new Set(topupStatuses)).toEqual(
      new Set(['created', 'awaiting_confirmation', 'posting', 'refunding', 'awaiting_refund', 'completed', 'failed'].map((s) => t(`payments.status.${s}`))),
    )
    expect(topupStatuses).toEqual(expect.arrayContaining(['Refunding', 'Refund on its way']))
    await choose('payments-filter-status', t('payments.status.awaiting_confirmation'))
    expect(urls(fetchMock).at(-1)).toBe('/api/payments/orders?kind=topup&status=awaiting_confirmation&page=1&pageSize=20')
    m.unmount()
  })

  it.each([
    ['en', 'Partner bank transfer'],
    ['zh-CN', '合作银行转入'],
  ] as const)('names a partner bank’s credit in the list and offers it in the kind filter, with its own statuses, in %s', async (locale, label) => {
    i18n.global.locale.value = locale
    const credit = order({
      id: 'o-partner',
      kind: 'partner_credit',
      direction: 'incoming',
      status: 'completed',
      counterparty: { customerId: null, maskedName: 'Partner bank acme' },
    })
    const fetchMock = serveFetch({ [LIST]: [() => pageOf([credit])] })
    const m = await mountPayments('/payments')
    const t = (key: string) => i18n.global.t(key)
    expect(m.text('payment-kind')).toBe(label)
    const open = async (testId: string) => {
      await m.click(m.q(testId)?.querySelector<HTMLElement>('.el-select__wrapper'))
      const list = document.getElementById(m.q(testId)?.querySelector('input')?.getAttribute('aria-controls') ?? '')
      return [...(list?.querySelectorAll<HTMLElement>('.el-select-dropdown__item') ?? [])].map((o) => o.textContent?.trim())
    }
    const kinds = await open('payments-filter-kind')
    expect(kinds).toContain(label)
    // A partner's payouts are filed under the partner: no customer ever has one to look for.
    expect(kinds).not.toContain(t('payments.kind.partner_payout'))
    expect(kinds.every((k) => k && !k.startsWith('payments.'))).toBe(true)
    const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((o) => o.textContent?.trim() === label)
    await m.click(option)
    expect(urls(fetchMock).at(-1)).toBe('/api/payments/orders?kind=partner_credit&page=1&pageSize=20')
    const statuses = (await open('payments-filter-status')).filter((s) => s !== t('payments.history.anyStatus'))
    expect(statuses).toEqual(['posting', 'completed', 'failed'].map((s) => t(`payments.status.${s}`)))
    m.unmount()
  })

  it('opens a payment’s details from its row, and keeps the filters on the way back', async () => {
    i18n.global.locale.value = 'en'
    serveFetch({
      [LIST]: [pageOf([sent]), pageOf([sent]), pageOf([sent])],
      'GET /api/payments/orders/o-sent': [jsonResponse(detail({ ...sent, timeline: [{ status: 'completed', at: sent.completedAt!, detail: null }] }))],
    })
    const m = await mountPayments('/payments')
    m.el.querySelectorAll<HTMLInputElement>('[data-testid="payments-filter-direction"] input')[1]!.click()
    await flush()
    await m.click(m.all('payment-row')[0])
    await until(() => m.q('payment-id') !== null)
    expect(m.router.currentRoute.value.name).toBe('payment-detail')
    expect(m.router.currentRoute.value.params.id).toBe('o-sent')
    expect(m.text('payment-id')).toBe('o-sent')
    await m.click('payment-back')
    await until(() => m.q('payments-table') !== null)
    expect(m.router.currentRoute.value.name).toBe('payments')
    expect(m.el.querySelector<HTMLInputElement>('[data-testid="payments-filter-direction"] input:checked')?.value).toBe('outgoing')
    expect(m.all('payment-link')[0]?.getAttribute('href')).toBe('/payments/o-sent')
    m.unmount()
  })
})

describe('PaymentDetailView', { timeout: 20_000 }, () => {
  it('shows the order and its timeline, polling until it is completed', async () => {
    i18n.global.locale.value = 'en'
    const steps = [
      { status: 'accepted', at: '2026-11-27T08:00:00Z', detail: null },
      { status: 'funds_held', at: '2026-11-27T08:00:01Z', detail: null },
      { status: 'screened', at: '2026-11-27T08:00:01Z', detail: 'review' },
      { status: 'in_review', at: '2026-11-27T08:00:01Z', detail: null },
    ]
    const done = [
      ...steps,
      { status: 'review_approved', at: '2026-11-27T09:00:00Z', detail: null },
      { status: 'posting', at: '2026-11-27T09:00:00Z', detail: null },
      { status: 'completed', at: '2026-11-27T09:00:01Z', detail: null },
    ]
    // The order stays in review until the test has looked at it, however slowly the machine runs the polls.
    let reviewed = false
    const fetchMock = serveFetch({
      'GET /api/payments/orders/ord-1': [
        () =>
          reviewed
            ? jsonResponse(detail({ status: 'completed', memo: 'Rent', completedAt: '2026-11-27T09:00:01Z', updatedAt: '2026-11-27T09:00:01Z', timeline: done }))
            : jsonResponse(detail({ status: 'in_review', memo: 'Rent', timeline: steps })),
      ],
    })
    const m = await mountPayments('/payments/ord-1')
    expect(requestOf(fetchMock).url).toBe('/api/payments/orders/ord-1')
    expect(m.text('payment-status')).toBe('In review')
    expect(m.q('payment-outcome')?.textContent).toContain('may take a while')
    expect(m.text('payment-amount')).toBe(formatMoney(-3000n, 'CNY', 'en'))
    expect(m.text('payment-counterparty')).toBe('s*****e@example.com')
    expect(m.text('payment-memo')).toBe('Rent')
    expect(m.q('payment-timeline')).not.toBeNull()
    expect(m.all('timeline-step').map((s) => s.textContent)).toEqual(['Payment accepted', 'Money set aside', 'Security check done', 'Sent for review'])
    expect(m.all('timeline-entry')[0]!.querySelector('time')?.textContent).toBe(formatBusinessDateTime(steps[0]!.at, 'en'))

    reviewed = true
    await until(() => m.text('payment-status') === 'Completed')
    expect(m.text('payment-status')).toBe('Completed')
    expect(m.all('timeline-step').at(-1)?.textContent).toBe('Payment completed')
    expect(m.all('timeline-entry')).toHaveLength(7)
    expect(m.q('payment-outcome')?.textContent).not.toContain(i18n.global.t('pay.live'))
    const pollsWhenDone = fetchMock.calls('GET /api/payments/orders/ord-1')
    await sleep(TEST_POLL.maxMs * 2)
    expect(fetchMock.calls('GET /api/payments/orders/ord-1')).toBe(pollsWhenDone)
    m.unmount()
  })

  it('shows the order’s times in Beijing time, and says so', async () => {
    i18n.global.locale.value = 'en'
    const at = '2026-11-27T17:30:00Z' // 01:30 on the 28th in Beijing
    serveFetch({
      'GET /api/payments/orders/ord-1': [
        jsonResponse(detail({ status: 'completed', createdAt: at, updatedAt: at, completedAt: at, timeline: [{ status: 'completed', at, detail: null }] })),
      ],
    })
    const m = await mountPayments('/payments/ord-1')
    const times = [...(m.q('payment-facts')?.querySelectorAll('time') ?? [])].map((el) => el.textContent?.trim())
    expect(times).toEqual(['Nov 28, 2026, 1:30 AM', 'Nov 28, 2026, 1:30 AM', 'Nov 28, 2026, 1:30 AM'])
    expect(m.all('timeline-entry')[0]!.querySelector('time')?.textContent).toBe('Nov 28, 2026, 1:30 AM')
    expect(m.text('payment-time-zone')).toBe('Dates and times are in Beijing time (UTC+8).')
    m.unmount()
  })

  it('does not poll an order that is already final, and explains a failure', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = serveFetch({
      'GET /api/payments/orders/ord-1': [
        jsonResponse(
          detail({
            status: 'failed',
            failureReason: 'review_declined',
            timeline: [
              { status: 'accepted', at: '2026-11-27T08:00:00Z', detail: null },
              { status: 'review_declined', at: '2026-11-27T08:10:00Z', detail: null },
              { status: 'voiding', at: '2026-11-27T08:10:00Z', detail: 'review_declined' },
              { status: 'failed', at: '2026-11-27T08:10:01Z', detail: 'review_declined' },
            ],
          }),
        ),
      ],
    })
    const m = await mountPayments('/payments/ord-1')
    expect(m.text('payment-failure')).toContain('After a review, this payment was declined')
    expect(m.q('payment-outcome')?.textContent).toContain('After a review')
    await sleep(TEST_POLL.maxMs * 2)
    expect(fetchMock.calls('GET /api/payments/orders/ord-1')).toBe(1)
    m.unmount()
  })

  it('shows an incoming payment without a failure sentence and with a plus sign', async () => {
    i18n.global.locale.value = 'en'
    serveFetch({ 'GET /api/payments/orders/ord-1': [jsonResponse(detail({ direction: 'incoming', status: 'completed', timeline: [] }))] })
    const m = await mountPayments('/payments/ord-1')
    expect(m.text('payment-amount')).toBe(`+${formatMoney(3000n, 'CNY', 'en')}`)
    expect(m.q('timeline-empty')).not.toBeNull()
    m.unmount()
  })

  it('leads back to the card page of a top-up waiting for the customer, and keeps following it until completed', async () => {
    i18n.global.locale.value = 'en'
    const confirmUrl = 'https://acquirer.example/pay/ch_123'
    sessionStorage.setItem('jade.topup.confirmUrl.top-1', confirmUrl)
    const waiting = {
      ...topUp,
      status: 'awaiting_confirmation' as const,
      timeline: [
        { status: 'accepted', at: '2026-11-27T08:00:00Z', detail: null },
        { status: 'charge_created', at: '2026-11-27T08:00:01Z', detail: 'ch_123' },
      ],
    }
    // Still waiting until the test has looked at the waiting page, however slowly the machine runs the polls.
    let paid = false
    const completed = () =>
        jsonResponse(
          detail({
            ...waiting,
            status: 'completed',
            counterparty: { customerId: null, maskedName: 'Card •••• 4242' },
            completedAt: '2026-11-27T08:03:00Z',
            updatedAt: '2026-11-27T08:03:00Z',
            timeline: [
              ...waiting.timeline,
              { status: 'charge_succeeded', at: '2026-11-27T08:02:00Z', detail: null },
              { status: 'posting', at: '2026-11-27T08:02:00Z', detail: null },
              { status: 'completed', at: '2026-11-27T08:03:00Z', detail: null },
            ],
          }),
        )
    const fetchMock = serveFetch({
      'GET /api/payments/orders/top-1': [() => (paid ? completed() : jsonResponse(detail(waiting)))],
    })
    const m = await mountPayments('/payments/top-1')
    expect(m.text('payment-status')).toBe('Awaiting card payment')
    expect(m.q('payment-outcome')?.textContent).toContain('Waiting for you to pay on the card payment page')
    expect(m.q('topup-continue')?.textContent).toContain(i18n.global.t('payments.detail.cardPage.hint'))
    const link = m.q<HTMLAnchorElement>('topup-continue-link')!
    expect(link.getAttribute('href')).toBe(confirmUrl)
    expect(link.textContent?.trim()).toBe('Continue to card payment')
    expect(m.text('payment-amount')).toBe(`+${formatMoney(50000n, 'CNY', 'en')}`)
    expect(m.el.textContent).toContain('Paid with')
    expect(m.text('payment-counterparty')).toBe('Bank card')
    expect(m.all('timeline-step').map((s) => s.textContent)).toEqual(['Payment accepted', 'Card payment set up'])

    paid = true
    await until(() => m.text('payment-status') === 'Completed')
    expect(m.q('payment-outcome')?.textContent).toContain('The top-up is complete; the money is in your wallet.')
    expect(m.text('payment-counterparty')).toBe('Card •••• 4242')
    expect(m.q('topup-continue')).toBeNull()
    expect(sessionStorage.getItem('jade.topup.confirmUrl.top-1')).toBeNull()
    const pollsWhenDone = fetchMock.calls('GET /api/payments/orders/top-1')
    await sleep(TEST_POLL.maxMs * 2)
    expect(fetchMock.calls('GET /api/payments/orders/top-1')).toBe(pollsWhenDone)
    m.unmount()
  })

  it('explains how to start again when this tab did not keep the card page of a waiting top-up', async () => {
    i18n.global.locale.value = 'en'
    sessionStorage.removeItem('jade.topup.confirmUrl.top-1')
    serveFetch({ 'GET /api/payments/orders/top-1': [() => jsonResponse(detail({ ...topUp, status: 'awaiting_confirmation', timeline: [] }))] })
    const m = await mountPayments('/payments/top-1')
    expect(m.q('topup-continue-link')).toBeNull()
    expect(m.text('topup-continue-lost')).toBe(i18n.global.t('payments.detail.cardPage.lost'))
    expect(m.q('topup-start-again')?.getAttribute('href')).toBe('/topup')
    m.unmount()
  })

  it.each([
    ['card_declined', 'Your card payment was declined'],
    ['confirmation_timeout', 'not completed in time'],
    ['channel_unavailable', 'card payment service was not available'],
    ['ledger_rejected', 'Your card was charged, but the money could not be added to your wallet'],
    ['refunded_to_card', 'the full amount has been refunded to the card it came from'],
  ])('explains a failed top-up (%s), though it is money coming in', async (reason, words) => {
    i18n.global.locale.value = 'en'
    serveFetch({
      'GET /api/payments/orders/top-1': [jsonResponse(detail({ ...topUp, status: 'failed', failureReason: reason, timeline: [{ status: 'failed', at: '2026-11-27T08:00:00Z', detail: reason }] }))],
    })
    const m = await mountPayments('/payments/top-1')
    expect(m.q('payment-outcome')?.textContent).toContain('The top-up failed.')
    expect(m.q('payment-outcome')?.textContent).toContain(words)
    expect(m.text('payment-failure')).toContain(words)
    expect(m.text('timeline-detail')).toContain(words)
    expect(m.q('topup-continue')).toBeNull()
    m.unmount()
  })

  it.each(['confirmation_timeout', 'channel_unavailable'])(
    'keeps looking, slowly, at a top-up that failed with %s, and shows it completed when the acquirer confirms late',
    async (reason) => {
      i18n.global.locale.value = 'en'
      const ORDER = 'GET /api/payments/orders/top-1'
      const failedAt = new Date().toISOString()
      const gaveUp = detail({
        ...topUp,
        status: 'failed',
        failureReason: reason as 'confirmation_timeout',
        updatedAt: failedAt,
        timeline: [{ status: 'failed', at: failedAt, detail: reason }],
      })
      let confirmed = false
      const completed = () =>
        jsonResponse(
          detail({
            ...topUp,
            status: 'completed',
            failureReason: null,
            updatedAt: new Date().toISOString(),
            completedAt: new Date().toISOString(),
            timeline: [
              ...gaveUp.timeline,
              { status: 'charge_succeeded', at: failedAt, detail: 'after the saga had stopped waiting' },
              { status: 'posting', at: failedAt, detail: null },
              { status: 'completed', at: failedAt, detail: null },
            ],
          }),
        )
      const fetchMock = serveFetch({ [ORDER]: [() => (confirmed ? completed() : jsonResponse(gaveUp))] })
      const m = await mountPayments('/payments/top-1', { timing: { ...TEST_POLL, lateMs: 40, lateForMs: 60_000 } })
      expect(m.text('payment-status')).toBe('Failed')
      // Failed, yet still looked at: the acquirer's late word would complete it.
      await until(() => fetchMock.calls(ORDER) >= 3)
      expect(fetchMock.calls(ORDER)).toBeGreaterThanOrEqual(3)

      confirmed = true
      await until(() => m.text('payment-status') === 'Completed')
      expect(m.text('payment-status')).toBe('Completed')
      expect(m.q('payment-outcome')?.textContent).toContain('The top-up is complete')
      const pollsWhenDone = fetchMock.calls(ORDER)
      await sleep(200)
      expect(fetchMock.calls(ORDER)).toBe(pollsWhenDone)
      m.unmount()
    },
  )

  it('stops looking at such a failed top-up once the wait is over, and does not look again at an old one', async () => {
    i18n.global.locale.value = 'en'
    const ORDER = 'GET /api/payments/orders/top-1'
    const fresh = () => {
      const at = new Date().toISOString()
      return detail({ ...topUp, status: 'failed', failureReason: 'confirmation_timeout', updatedAt: at, timeline: [{ status: 'failed', at, detail: 'confirmation_timeout' }] })
    }
    const failedAt = fresh().updatedAt
    let fetchMock = serveFetch({ [ORDER]: [() => jsonResponse({ ...fresh(), updatedAt: failedAt })] })
    let m = await mountPayments('/payments/top-1', { timing: { ...TEST_POLL, lateMs: 20, lateForMs: 150 } })
    await sleep(400)
    await flush()
    const pollsWhenOver = fetchMock.calls(ORDER)
    expect(pollsWhenOver).toBeGreaterThanOrEqual(2)
    await sleep(200)
    expect(fetchMock.calls(ORDER)).toBe(pollsWhenOver)
    m.unmount()

    // Failed an hour ago: the acquirer had its chance.
    const old = new Date(Date.now() - 60 * 60_000).toISOString()
    fetchMock = serveFetch({ [ORDER]: [() => jsonResponse({ ...fresh(), updatedAt: old })] })
    m = await mountPayments('/payments/top-1', { timing: { ...TEST_POLL, lateMs: 20, lateForMs: 30 * 60_000 } })
    await sleep(200)
    expect(fetchMock.calls(ORDER)).toBe(1)
    m.unmount()
  })

  it('does not keep looking at a top-up the card declined', async () => {
    const ORDER = 'GET /api/payments/orders/top-1'
    const at = new Date().toISOString()
    const fetchMock = serveFetch({
      [ORDER]: [() => jsonResponse(detail({ ...topUp, status: 'failed', failureReason: 'card_declined', updatedAt: at, timeline: [] }))],
    })
    const m = await mountPayments('/payments/top-1', { timing: { ...TEST_POLL, lateMs: 20, lateForMs: 60_000 } })
    await sleep(200)
    expect(fetchMock.calls(ORDER)).toBe(1)
    m.unmount()
  })

  it('keeps following a top-up the wallet would not take while its charge goes back to the card, until it is refunded', async () => {
    i18n.global.locale.value = 'en'
    const ORDER = 'GET /api/payments/orders/top-1'
    const charged = [
      { status: 'accepted', at: '2026-11-27T08:00:00Z', detail: null },
      { status: 'charge_created', at: '2026-11-27T08:00:01Z', detail: 'ch_123' },
      { status: 'charge_succeeded', at: '2026-11-27T08:02:00Z', detail: null },
      { status: 'posting', at: '2026-11-27T08:02:00Z', detail: null },
      { status: 'credit_refused', at: '2026-11-27T08:02:01Z', detail: null },
    ]
    const requested = [...charged, { status: 'refund_requested', at: '2026-11-27T08:02:02Z', detail: 're_123' }]
    const refunded = [
      ...requested,
      { status: 'refunded', at: '2026-11-27T09:00:00Z', detail: null },
      { status: 'failed', at: '2026-11-27T09:00:00Z', detail: 'refunded_to_card' },
    ]
    const stages = {
      refunding: detail({ ...topUp, status: 'refunding', updatedAt: '2026-11-27T08:02:01Z', timeline: charged }),
      awaiting_refund: detail({ ...topUp, status: 'awaiting_refund', updatedAt: '2026-11-27T08:02:02Z', timeline: requested }),
      refunded: detail({ ...topUp, status: 'failed', failureReason: 'refunded_to_card', updatedAt: '2026-11-27T09:00:00Z', timeline: refunded }),
    }
    // Each stage lasts until the test has looked at it, however slowly the machine runs the polls.
    let stage: keyof typeof stages = 'refunding'
    const fetchMock = serveFetch({ [ORDER]: [() => jsonResponse(stages[stage])] })
    const m = await mountPayments('/payments/top-1')
    const outcome = () => m.q('payment-outcome')?.textContent ?? ''
    expect(m.text('payment-status')).toBe('Refunding')
    expect(m.q('payment-status')?.classList).toContain('el-tag--warning')
    expect(outcome()).toContain('we are asking the card payment service to refund it to your card')
    expect(outcome()).toContain(i18n.global.t('pay.live'))
    expect(m.all('timeline-step').at(-1)?.textContent).toBe('Your wallet could not accept the money')
    expect(m.q('topup-continue')).toBeNull()
    expect(m.q('payment-failure')).toBeNull()

    stage = 'awaiting_refund'
    await until(() => m.text('payment-status') === 'Refund on its way')
    expect(outcome()).toContain('the money is on its way back to your card. This can take a while; you can leave this page.')
    expect(outcome()).toContain(i18n.global.t('pay.live'))
    expect(m.all('timeline-step').at(-1)?.textContent).toBe('Refund to your card requested')
    // However long the acquirer takes, the page keeps looking rather than take the status for a final one.
    const pollsWhileWaiting = fetchMock.calls(ORDER)
    await until(() => fetchMock.calls(ORDER) >= pollsWhileWaiting + 3)
    expect(fetchMock.calls(ORDER)).toBeGreaterThanOrEqual(pollsWhileWaiting + 3)
    expect(m.text('payment-status')).toBe('Refund on its way')

    stage = 'refunded'
    await until(() => m.text('payment-status') === 'Failed')
    expect(outcome()).toContain('The top-up failed.')
    expect(outcome()).toContain('the full amount has been refunded to the card it came from')
    expect(outcome()).not.toContain(i18n.global.t('pay.live'))
    expect(m.text('payment-failure')).toBe(i18n.global.t('payments.failure.refunded_to_card'))
    expect(m.all('timeline-step').slice(-4).map((s) => s.textContent)).toEqual([
      'Your wallet could not accept the money',
      'Refund to your card requested',
      'Refunded to your card',
      'Payment failed',
    ])
    const pollsWhenDone = fetchMock.calls(ORDER)
    await sleep(TEST_POLL.maxMs * 2)
    expect(fetchMock.calls(ORDER)).toBe(pollsWhenDone)
    m.unmount()
  })

  it.each([
    ['en', 'Failed', 'refunded to the card it came from', 'a few working days', ['Your wallet could not accept the money', 'Refund to your card requested', 'Refunded to your card']],
    ['zh-CN', '失败', '已全额退回原付款银行卡', '几个工作日', ['钱包无法入账', '已申请退款至银行卡', '已退款至银行卡']],
  ] as const)('tells the customer in %s that a top-up the wallet would not take went back to the card', async (locale, status, refunded, delay, steps) => {
    i18n.global.locale.value = locale
    const timeline = [
      { status: 'credit_refused', at: '2026-11-27T08:02:01Z', detail: null },
      { status: 'refund_requested', at: '2026-11-27T08:02:02Z', detail: 're_123' },
      { status: 'refunded', at: '2026-11-27T09:00:00Z', detail: null },
    ]
    serveFetch({ 'GET /api/payments/orders/top-1': [jsonResponse(detail({ ...topUp, status: 'failed', failureReason: 'refunded_to_card', timeline }))] })
    const m = await mountPayments('/payments/top-1')
    expect(m.text('payment-status')).toBe(status)
    for (const text of [m.text('payment-failure'), m.q('payment-outcome')?.textContent]) {
      expect(text).toContain(refunded)
      expect(text).toContain(delay)
    }
    expect(m.all('timeline-step').map((s) => s.textContent)).toEqual(steps)
    m.unmount()
  })

  it('says the team will put it right when a top-up the wallet would not take could not be refunded either', async () => {
    i18n.global.locale.value = 'en'
    const timeline = [
      { status: 'credit_refused', at: '2026-11-27T08:02:01Z', detail: null },
      { status: 'refund_requested', at: '2026-11-27T08:02:02Z', detail: 're_123' },
      { status: 'refund_failed', at: '2026-11-27T09:00:00Z', detail: 'refund_declined' },
      { status: 'failed', at: '2026-11-27T09:00:00Z', detail: 'ledger_rejected: charged, not credited and not refunded (refund_declined)' },
    ]
    serveFetch({ 'GET /api/payments/orders/top-1': [jsonResponse(detail({ ...topUp, status: 'failed', failureReason: 'ledger_rejected', timeline }))] })
    const m = await mountPayments('/payments/top-1')
    expect(m.text('payment-failure')).toContain('nor refunded to your card automatically')
    expect(m.text('payment-failure')).toContain('Our team has been alerted and will put it right')
    expect(m.all('timeline-step').map((s) => s.textContent)).toEqual([
      'Your wallet could not accept the money',
      'Refund to your card requested',
      'The refund to your card failed',
      'Payment failed',
    ])
    const refundFailed = m.all('timeline-entry').find((e) => e.dataset.step === 'refund_failed')!
    expect(refundFailed.querySelector('[data-testid="timeline-detail"]')?.textContent).toBe('refund_declined')
    expect(refundFailed.querySelector('.el-timeline-item__node--danger')).not.toBeNull()
    m.unmount()
  })

  it.each([
    ['en', 'Partner bank transfer'],
    ['zh-CN', '合作银行转入'],
  ] as const)('names a partner bank’s credit on its detail page in %s', async (locale, label) => {
    i18n.global.locale.value = locale
    serveFetch({
      'GET /api/payments/orders/ord-1': [
        jsonResponse(
          detail({
            kind: 'partner_credit',
            direction: 'incoming',
            status: 'completed',
            counterparty: { customerId: null, maskedName: 'Partner bank acme' },
            completedAt: '2026-11-27T08:00:01Z',
            timeline: [
              { status: 'accepted', at: '2026-11-27T08:00:00Z', detail: null },
              { status: 'posting', at: '2026-11-27T08:00:00Z', detail: null },
              { status: 'completed', at: '2026-11-27T08:00:01Z', detail: null },
            ],
          }),
        ),
      ],
    })
    const m = await mountPayments('/payments/ord-1')
    const facts = m.q('payment-facts')?.textContent ?? ''
    expect(facts).toContain(label)
    expect(facts).not.toContain('payments.kind')
    expect(m.text('payment-amount')).toBe(`+${formatMoney(3000n, 'CNY', locale)}`)
    m.unmount()
  })

  it('names the card of a withdrawal', async () => {
    i18n.global.locale.value = 'en'
    serveFetch({
      'GET /api/payments/orders/wd-1': [
        jsonResponse(detail({ id: 'wd-1', kind: 'withdrawal', status: 'completed', counterparty: { customerId: null, maskedName: '6200 00** **** 0005' }, timeline: [] })),
      ],
    })
    const m = await mountPayments('/payments/wd-1')
    expect(m.el.textContent).toContain('To card')
    expect(m.text('payment-counterparty')).toBe('6200 00** **** 0005')
    expect(m.text('payment-amount')).toBe(formatMoney(-3000n, 'CNY', 'en'))
    expect(m.q('payment-outcome')?.textContent).toContain('The withdrawal is complete')
    m.unmount()
  })

  it('says when the payment does not exist or is someone else’s (404), and stops', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = serveFetch({ 'GET /api/payments/orders/nope': [problem(404, { title: 'Not Found' })] })
    const m = await mountPayments('/payments/nope')
    expect(m.text('payment-not-found')).toBe(i18n.global.t('payments.detail.notFound'))
    await sleep(TEST_POLL.maxMs * 2)
    expect(fetchMock.calls('GET /api/payments/orders/nope')).toBe(1)
    m.unmount()
  })
})

describe('navigation', { timeout: 20_000 }, () => {
  it('has "Send money", "Top up", "Withdraw" and "Payments" in the main navigation', async () => {
    const pinia = createPinia()
    useSessionStore(pinia).user = { ...officer, roles: ['customer'] }
    useSessionStore(pinia).loaded = true
    const el = document.createElement('div')
    document.body.appendChild(el)
    const app = createApp(AppShell).use(pinia).use(i18n).use(createAppRouter(createMemoryHistory()))
    app.mount(el)
    // The shell's language switch applies the stored (default) language when it starts.
    i18n.global.locale.value = 'en'
    await flush()
    const pay = el.querySelector('[data-testid="nav-pay"]')
    const payments = el.querySelector('[data-testid="nav-payments"]')
    expect(pay?.textContent).toBe('Send money')
    expect(pay?.getAttribute('href')).toBe('/pay')
    expect(payments?.textContent).toBe('Payments')
    expect(payments?.getAttribute('href')).toBe('/payments')
    const topup = el.querySelector('[data-testid="nav-topup"]')
    const withdraw = el.querySelector('[data-testid="nav-withdraw"]')
    expect(topup?.textContent).toBe('Top up')
    expect(topup?.getAttribute('href')).toBe('/topup')
    expect(withdraw?.textContent).toBe('Withdraw')
    expect(withdraw?.getAttribute('href')).toBe('/withdraw')
    i18n.global.locale.value = 'zh-CN'
    await flush()
    expect(pay?.textContent).toBe('转账')
    expect(payments?.textContent).toBe('收付款')
    expect(topup?.textContent).toBe('充值')
    expect(withdraw?.textContent).toBe('提现')
    app.unmount()
    el.remove()
  })
})
