import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import type { PaymentReceipt } from '@/api/payments'
import { formatBusinessDateTime } from '@/utils/businessTime'
import { kindKey } from '@/utils/payments'
import { partyLabel } from '@/utils/partyLabels'
import { jsonResponse, problem, problemOfType } from './helpers'
import { detail, mountPayments, serveFetch, until, resetPaymentPagesAfterEach } from './paymentHelpers'

const RECEIPT = 'GET /api/payments/orders/ord-1/receipt'
const DETAIL = 'GET /api/payments/orders/ord-1'

const receipt = (extra: Partial<PaymentReceipt> = {}): PaymentReceipt => ({
  receiptNumber: 'JR-20261128-1A2B3C4D5E6F',
  paymentId: 'ord-1',
  kind: 'p2p',
  direction: 'outgoing',
  amountMinor: 123456789,
  currency: 'CNY',
  payer: 'a***e@example.com',
  payee: 'b***b@example.com',
  memo: 'dinner',
  createdAt: '2026-11-28T05:00:00+00:00',
  completedAt: '2026-11-28T05:00:01+00:00',
  issuedAt: '2026-11-28T06:00:00+00:00',
  ...extra,
})

const topUpReceipt = receipt({ kind: 'topup', direction: 'incoming', amountMinor: 50001, payer: 'Card •••• 1111', payee: 'Wallet', memo: null })

resetPaymentPagesAfterEach()

/** The receipt's rows as [label, value] pairs, in order. */
const rows = (root: ParentNode) =>
  [...root.querySelectorAll('[data-testid="receipt"] dl > div')].map((row) => [
    row.querySelector('dt')?.textContent?.trim(),
    row.querySelector('dd')?.textContent?.trim(),
  ])

describe('PaymentReceiptView', { timeout: 20_000 }, () => {
  it.each([
    ['en', '-CN¥1,234,567.89', 'Payment receipt', 'Transfer', 'Completed'],
    ['zh-CN', '-¥1,234,567.89', '电子回单', '转账', '已完成'],
  ] as const)('shows every fact of an outgoing payment in %s', async (locale, amount, title, kind, status) => {
    i18n.global.locale.value = locale
    const fetchMock = serveFetch({ [RECEIPT]: [jsonResponse(receipt())] })
    const m = await mountPayments('/payments/ord-1/receipt')
    await until(() => m.q('receipt') !== null)
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/api/payments/orders/ord-1/receipt'])

    const t = (key: string) => i18n.global.t(key)
    expect(m.el.querySelector('h1')?.textContent).toBe(title)
    expect(m.q('receipt')?.getAttribute('aria-labelledby')).toBe(m.el.querySelector('h1')?.id)
    expect(m.q('receipt')?.querySelector('.brand')?.textContent?.trim()).toBe('Jade')
    expect(rows(m.el)).toEqual([
      [t('receipt.fields.amount'), amount],
      [t('receipt.fields.status'), status],
      [t('receipt.fields.number'), 'JR-20261128-1A2B3C4D5E6F'],
      [t('receipt.fields.kind'), kind],
      [t('receipt.fields.payer'), 'a***e@example.com'],
      [t('receipt.fields.payee'), 'b***b@example.com'],
      [t('receipt.fields.memo'), 'dinner'],
      [t('receipt.fields.createdAt'), formatBusinessDateTime('2026-11-28T05:00:00+00:00', locale)],
      [t('receipt.fields.completedAt'), formatBusinessDateTime('2026-11-28T05:00:01+00:00', locale)],
      [t('receipt.fields.paymentId'), 'ord-1'],
    ])
    expect(m.q('receipt-created')?.getAttribute('datetime')).toBe('2026-11-28T05:00:00+00:00')
    expect(m.q('receipt-completed')?.getAttribute('datetime')).toBe('2026-11-28T05:00:01+00:00')
    expect(m.text('receipt-issued')).toBe(i18n.global.t('receipt.issuedAt', { time: formatBusinessDateTime('2026-11-28T06:00:00+00:00', locale) }))
    expect(m.text('receipt-issued')).toContain(formatBusinessDateTime('2026-11-28T06:00:00+00:00', locale))
    expect(m.text('receipt-note')).toBe(t('receipt.note'))
    expect(m.text('receipt-print')).toBe(t('receipt.print'))
    expect(m.q('receipt-back')?.getAttribute('href')).toBe('/payments/ord-1')
    m.unmount()
  })

  it.each([
    ['en', 'Nov 28, 2026, 1:30 AM', 'Dates and times are in Beijing time (UTC+8).'],
    ['zh-CN', '2026年11月28日 01:30', '日期和时间均为北京时间（UTC+8）。'],
  ] as const)('dates the payment by the Beijing day its receipt number counts, in %s', async (locale, created, note) => {
    i18n.global.locale.value = locale
    // 17:30 UTC on 27 November is already 01:30 on the 28th in Beijing, the day of JR-20261128-….
    const late = receipt({ createdAt: '2026-11-27T17:30:00+00:00', completedAt: '2026-11-27T17:30:01+00:00', issuedAt: '2026-11-27T17:31:00+00:00' })
    serveFetch({ [RECEIPT]: [jsonResponse(late)] })
    const m = await mountPayments('/payments/ord-1/receipt')
    await until(() => m.q('receipt') !== null)
    expect(m.text('receipt-created')).toBe(created)
    expect(m.text('receipt-time-zone')).toBe(note)
    m.unmount()
  })

  it.each([
    ['en', '+CN¥500.01', 'Top-up', 'Card •••• 1111', 'Wallet'],
    ['zh-CN', '+¥500.01', '充值', '银行卡 •••• 1111', '钱包'],
  ] as const)('shows an incoming top-up with a plus sign, its labels in %s, and no note row', async (locale, amount, kind, payer, payee) => {
    i18n.global.locale.value = locale
    serveFetch({ [RECEIPT]: [jsonResponse(topUpReceipt)] })
    const m = await mountPayments('/payments/ord-1/receipt')
    await until(() => m.q('receipt') !== null)
    expect(m.text('receipt-amount')).toBe(amount)
    expect(m.q('receipt-amount')?.classList.contains('incoming')).toBe(true)
    expect(m.text('receipt-kind')).toBe(kind)
    expect(m.text('receipt-payer')).toBe(payer)
    expect(m.text('receipt-payee')).toBe(payee)
    expect(m.q('receipt-memo-row')).toBeNull()
    expect(rows(m.el).map(([label]) => label)).not.toContain(i18n.global.t('receipt.fields.memo'))
    m.unmount()
  })

  it('names the payer of a withdrawal, which the order leaves blank, as the wallet; card numbers stay as they are', async () => {
    serveFetch({ [RECEIPT]: [jsonResponse(receipt({ kind: 'withdrawal', amountMinor: 5, payer: '', payee: '6222 02** **** 1234', memo: null }))] })
    const m = await mountPayments('/payments/ord-1/receipt')
    await until(() => m.q('receipt') !== null)
    expect(m.text('receipt-amount')).toBe('-¥0.05')
    expect(m.text('receipt-kind')).toBe('提现')
    expect(m.text('receipt-payer')).toBe('钱包')
    expect(m.text('receipt-payee')).toBe('6222 02** **** 1234')
    m.unmount()
  })

  it('keeps an amount beyond 2^53 exact to the fen', async () => {
    i18n.global.locale.value = 'en'
    const body = JSON.stringify(receipt({ direction: 'incoming', amountMinor: 0 })).replace('"amountMinor":0', '"amountMinor":9007199254740993')
    serveFetch({ [RECEIPT]: [new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } })] })
    const m = await mountPayments('/payments/ord-1/receipt')
    await until(() => m.q('receipt') !== null)
    expect(m.text('receipt-amount')).toBe('+CN¥90,071,992,547,409.93')
    m.unmount()
  })

  it('prints with the browser, and leaves its own buttons and links off the paper', async () => {
    i18n.global.locale.value = 'en'
    const print = vi.fn()
    vi.stubGlobal('print', print)
    serveFetch({ [RECEIPT]: [jsonResponse(receipt())] })
    const m = await mountPayments('/payments/ord-1/receipt')
    await until(() => m.q('receipt') !== null)
    await m.click('receipt-print')
    expect(print).toHaveBeenCalledTimes(1)
    expect(m.q('receipt-print')?.closest('.no-print')).not.toBeNull()
    expect(m.q('receipt-back')?.closest('.no-print')).not.toBeNull()
    expect(m.q('receipt')?.closest('.no-print')).toBeNull()
    m.unmount()
  })

  it('says so when the payment is not one of the customer’s, with a way to the history', async () => {
    i18n.global.locale.value = 'en'
    serveFetch({ [RECEIPT]: [problem(404)], 'GET /api/payments/orders': [jsonResponse({ items: [], page: 1, pageSize: 20, total: 0 })] })
    const m = await mountPayments('/payments/ord-1/receipt')
    await until(() => m.q('receipt-not-found') !== null)
    expect(m.text('receipt-not-found')).toContain('This payment does not exist, or it is not one of yours.')
    expect(m.q('receipt-to-history')?.getAttribute('href')).toBe('/payments')
    expect(m.q('receipt')).toBeNull()
    expect(m.q('receipt-print')).toBeNull()
    expect(m.el.querySelector('.load-retry')).toBeNull()
    await m.click('receipt-to-history')
    await until(() => m.q('payments-empty') !== null)
    expect(m.router.currentRoute.value.name).toBe('payments')
    m.unmount()
  })

  it.each(['en', 'zh-CN'] as const)('explains in %s that a payment not completed has no receipt yet, with a way back to it', async (locale) => {
    i18n.global.locale.value = locale
    serveFetch({ [RECEIPT]: [problemOfType(409, 'receipt-not-available', { title: 'No receipt yet', detail: 'this one is in_review.' })] })
    const m = await mountPayments('/payments/ord-1/receipt')
    await until(() => m.q('receipt-not-available') !== null)
    expect(m.text('receipt-not-available')).toContain(i18n.global.t('receipt.notAvailable'))
    expect(m.text('receipt-not-available')).not.toContain('in_review')
    if (locale === 'en') expect(m.text('receipt-not-available')).toContain('A receipt is issued once the payment completes')
    expect(m.q('receipt-to-payment')?.getAttribute('href')).toBe('/payments/ord-1')
    expect(m.q('receipt')).toBeNull()
    expect(m.q('receipt-print')).toBeNull()
    m.unmount()
  })

  it('shows any other failure with a retry that loads the receipt', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = serveFetch({ [RECEIPT]: [problem(503, { title: 'Payments unavailable' }), jsonResponse(receipt())] })
    const m = await mountPayments('/payments/ord-1/receipt')
    await until(() => m.el.querySelector('.load-retry') !== null)
    expect(m.el.textContent).toContain('Payments unavailable')
    expect(m.q('receipt')).toBeNull()
    expect(m.q('receipt-back')?.getAttribute('href')).toBe('/payments/ord-1')
    await m.click(m.el.querySelector<HTMLElement>('.load-retry'))
    await until(() => m.q('receipt') !== null)
    expect(fetchMock.calls(RECEIPT)).toBe(2)
    expect(m.text('receipt-number')).toBe('JR-20261128-1A2B3C4D5E6F')
    expect(m.el.textContent).not.toContain('Payments unavailable')
    m.unmount()
  })

  it('does not leave one payment’s receipt on screen while the next one loads', async () => {
    i18n.global.locale.value = 'en'
    let answer: (r: Response) => void = () => {}
    serveFetch({
      [RECEIPT]: [jsonResponse(receipt())],
      'GET /api/payments/orders/ord-2/receipt': [() => new Promise<Response>((resolve) => (answer = resolve)) as unknown as Response],
    })
    const m = await mountPayments('/payments/ord-1/receipt')
    await until(() => m.q('receipt') !== null)
    await m.router.push('/payments/ord-2/receipt')
    await until(() => m.q('receipt') === null)
    expect(m.q('receipt')).toBeNull()
    answer(jsonResponse(receipt({ paymentId: 'ord-2', receiptNumber: 'JR-20261128-000000000002' })))
    await until(() => m.q('receipt') !== null)
    expect(m.text('receipt-number')).toBe('JR-20261128-000000000002')
    m.unmount()
  })
})

describe('receipt link on the payment details', { timeout: 20_000 }, () => {
  it('is offered for a completed payment and opens its receipt', async () => {
    i18n.global.locale.value = 'en'
    serveFetch({
      [DETAIL]: [jsonResponse(detail({ status: 'completed', completedAt: '2026-11-27T08:00:03Z' }))],
      [RECEIPT]: [jsonResponse(receipt())],
    })
    const m = await mountPayments('/payments/ord-1')
    await until(() => m.q('payment-status') !== null)
    const link = m.q('payment-receipt-link')
    expect(link?.textContent?.trim()).toBe('Receipt')
    expect(link?.getAttribute('href')).toBe('/payments/ord-1/receipt')
    await m.click(link)
    await until(() => m.q('receipt') !== null)
    expect(m.router.currentRoute.value.name).toBe('payment-receipt')
    expect(m.text('receipt-number')).toBe('JR-20261128-1A2B3C4D5E6F')
    m.unmount()
  })

  it.each(['in_review', 'failed'] as const)('is not offered for a payment that is %s', async (status) => {
    serveFetch({ [DETAIL]: [() => jsonResponse(detail({ status, failureReason: status === 'failed' ? 'insufficient_funds' : null }))] })
    const m = await mountPayments('/payments/ord-1')
    await until(() => m.q('payment-status') !== null)
    expect(m.text('payment-status')).toBe(i18n.global.t(`payments.status.${status}`))
    expect(m.q('payment-receipt-link')).toBeNull()
    m.unmount()
  })
})

describe('receipt route and labels', () => {
  it('is /payments/:id/receipt, for signed-in customers, titled "Payment receipt"', () => {
    const route = createAppRouter(createMemoryHistory()).resolve('/payments/ord-1/receipt')
    expect(route.name).toBe('payment-receipt')
    expect(route.params.id).toBe('ord-1')
    expect(route.meta).toMatchObject({ titleKey: 'titles.paymentReceipt', requiresAuth: true })
    expect(i18n.global.t('titles.paymentReceipt', {}, { locale: 'en' })).toBe('Payment receipt')
    expect(i18n.global.t('titles.paymentReceipt', {}, { locale: 'zh-CN' })).toBe('电子回单')
  })

  it('says the labels Jade writes itself in the reader’s language, and leaves the rest as stored', () => {
    const zh = (label: string, own = false) => {
      const party = partyLabel(label, own)
      return 'text' in party ? party.text : i18n.global.t(party.key, party.values, { locale: 'zh-CN' })
    }
    expect(zh('Bank card')).toBe('银行卡')
    expect(zh('Wallet')).toBe('钱包')
    expect(zh('Card •••• 4242')).toBe('银行卡 •••• 4242')
    expect(zh('Jade customer')).toBe('Jade 用户')
    expect(zh('Partner bank acme')).toBe('合作银行 acme')
    expect(zh('s*****e@example.com')).toBe('s*****e@example.com')
    expect(zh('', true)).toBe('钱包')
    expect(zh('')).toBe('—')
  })

  it('names every kind, the partner banks’ and unknown ones too', () => {
    const en = (kind: string) => i18n.global.t(kindKey(kind), {}, { locale: 'en' })
    expect(['p2p', 'topup', 'withdrawal', 'partner_credit', 'partner_payout', 'something_new'].map(en)).toEqual([
      'Transfer',
      'Top-up',
      'Withdrawal',
      'Partner bank transfer',
      'Partner bank payout',
      'Payment',
    ])
  })
})
