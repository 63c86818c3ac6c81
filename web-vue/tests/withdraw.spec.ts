import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import type { BankCardView } from '@/api/cards'
import { formatMoney } from '@/utils/format'
import { flush, jsonResponse, noContent, problem, requestOf } from './helpers'
import { detail, mountPayments, order, serveFetch, sleep, TEST_POLL, until, type Reply, resetPaymentPagesAfterEach } from './paymentHelpers'

const CARDS = 'GET /api/payments/cards'
const PIN = 'GET /api/payments/pin'
const WITHDRAW = 'POST /api/payments/withdrawals'
const ORDER = 'GET /api/payments/orders/wd-1'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const card = (id: string, maskedNumber: string, extra: Partial<BankCardView> = {}): BankCardView => ({
  id,
  maskedNumber,
  last4: maskedNumber.slice(-4),
  holderName: '张**',
  label: null,
  boundAt: '2026-11-20T08:00:00Z',
  ...extra,
})
const salary = card('card-1', '6200 00** **** 0005', { label: 'Salary' })
const visa = card('card-2', '4111 11** **** 1111', { holderName: 'L*****' })

const pinSet = () => jsonResponse({ isSet: true, locked: false, remainingAttempts: 5 })
const pinUnset = () => jsonResponse({ isSet: false, locked: false, remainingAttempts: 5 })
const withdrawal = (extra = {}) =>
  order({ id: 'wd-1', kind: 'withdrawal', direction: 'outgoing', amountMinor: 2000, counterparty: { customerId: null, maskedName: visa.maskedNumber }, ...extra })
const accepted = () => jsonResponse(withdrawal(), 202)

const t = (key: string, values: Record<string, unknown> = {}) => i18n.global.t(key, values)

resetPaymentPagesAfterEach()

type Mounted = Awaited<ReturnType<typeof mountPayments>>

/** Picks the card with `id` in the radio list. */
async function choose(m: Mounted, id: string) {
  const radio = m.el.querySelector<HTMLInputElement>(`[data-card-id="${id}"] input[type="radio"]`)
  if (!radio) throw new Error(`no card ${id}`)
  radio.click()
  await flush()
}

/** Opens /withdraw with two cards, picks the second, enters the amount and continues to the PIN. */
async function toConfirm(routes: Record<string, Reply[]>, amount = '20') {
  const fetchMock = serveFetch({ [CARDS]: [() => jsonResponse([salary, visa])], [PIN]: [pinSet], ...routes })
  const m = await mountPayments('/withdraw')
  await choose(m, visa.id)
  await m.type('withdraw-amount', amount)
  await m.submit('withdraw-amount')
  return { ...m, fetchMock }
}

async function withdraw(m: Mounted, pin = '246810') {
  await m.type('withdraw-pin', pin)
  await m.submit('withdraw-pin')
}

const posts = (fetchMock: ReturnType<typeof serveFetch>) =>
  fetchMock.mock.calls.map((_, i) => requestOf(fetchMock, i)).filter((r) => r.url === '/api/payments/withdrawals')

describe('WithdrawView', { timeout: 20_000 }, () => {
  it('withdraws to the chosen card with the PIN and an Idempotency-Key, then follows the order to completed', async () => {
    i18n.global.locale.value = 'en'
    const steps = [
      { status: 'accepted', at: '2026-11-27T08:00:00Z', detail: null },
      { status: 'funds_held', at: '2026-11-27T08:00:01Z', detail: null },
      { status: 'screened', at: '2026-11-27T08:00:01Z', detail: 'approve' },
      { status: 'paying_out', at: '2026-11-27T08:00:02Z', detail: null },
    ]
    const payout = [...steps, { status: 'payout_requested', at: '2026-11-27T08:00:03Z', detail: 'po_77' }]
    const done = [
      ...payout,
      { status: 'paid_out', at: '2026-11-27T08:05:00Z', detail: null },
      { status: 'posting', at: '2026-11-27T08:05:00Z', detail: null },
      { status: 'completed', at: '2026-11-27T08:05:01Z', detail: null },
    ]
    const fetchMock = serveFetch({
      [CARDS]: [jsonResponse([salary, visa])],
      [PIN]: [pinSet],
      [WITHDRAW]: [accepted()],
      [ORDER]: [
        jsonResponse(detail({ ...withdrawal({ status: 'paying_out' }), timeline: steps })),
        jsonResponse(detail({ ...withdrawal({ status: 'awaiting_payout' }), timeline: payout })),
        jsonResponse(detail({ ...withdrawal({ status: 'completed', completedAt: '2026-11-27T08:05:01Z' }), timeline: done })),
      ],
    })
    const m = await mountPayments('/withdraw')
    expect(m.el.querySelector('h1')?.textContent).toBe('Withdraw')
    // Two cards: nothing is chosen for the customer.
    expect(m.all('withdraw-card').map((c) => c.textContent)).toEqual([
      expect.stringContaining('6200 00** **** 0005'),
      expect.stringContaining('4111 11** **** 1111'),
    ])
    expect(m.q('withdraw-cards')?.getAttribute('role')).toBe('radiogroup')
    expect(m.q('withdraw-card')?.textContent).toContain('Card ending in 0005')
    expect(m.q('withdraw-manage-cards')?.getAttribute('href')).toBe('/cards')
    await m.type('withdraw-amount', '20')
    await m.submit('withdraw-amount')
    expect(m.itemError('withdraw-cards')).toBe('Choose the card to withdraw to')
    expect(m.q('withdraw-step-confirm')).toBeNull()

    await choose(m, visa.id)
    await m.settle()
    expect(m.itemError('withdraw-cards')).toBe('')
    await m.submit('withdraw-amount')
    expect(m.text('summary-card')).toBe('4111 11** **** 1111')
    expect(m.text('summary-amount')).toBe(formatMoney(2000n, 'CNY', 'en'))
    expect(m.text('withdraw-submit')).toBe(`Withdraw ${formatMoney(2000n, 'CNY', 'en')}`)

    await withdraw(m)
    const [post] = posts(fetchMock)
    expect(post!.init.method).toBe('POST')
    expect(post!.headers['X-CSRF']).toBe('1')
    expect(post!.headers['Idempotency-Key']).toMatch(UUID)
    expect(JSON.parse(post!.init.body as string)).toEqual({ cardId: 'card-2', amount: '20.00', currency: 'CNY', pin: '246810' })

    expect(m.q('withdraw-step-status')).not.toBeNull()
    await until(() => m.q('payment-outcome')?.dataset.status === 'completed')
    expect(m.q('payment-outcome')?.textContent).toContain('The withdrawal is complete; the money has been paid to your card.')
    expect(m.all('timeline-step').map((s) => s.textContent)).toEqual([
      'Payment accepted',
      'Money set aside',
      'Security check done',
      'Paying out to your card',
      'Sent to the bank',
      'Paid out to your card',
      'Completing the payment',
      'Payment completed',
    ])
    expect(m.text('status-card')).toBe('4111 11** **** 1111')
    expect(m.text('status-amount')).toBe(formatMoney(2000n, 'CNY', 'en'))
    expect(m.q('withdraw-view-details')?.getAttribute('href')).toBe('/payments/wd-1')

    const looks = fetchMock.calls(ORDER)
    expect(looks).toBe(3)
    await sleep(TEST_POLL.maxMs * 2)
    expect(fetchMock.calls(ORDER)).toBe(looks)
    expect(fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('shows the waiting-for-the-bank status while the payout is out, announced as it changes', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({ [WITHDRAW]: [accepted()], [ORDER]: [() => jsonResponse(detail({ ...withdrawal({ status: 'awaiting_payout' }) }))] })
    await withdraw(m)
    await until(() => m.q('payment-outcome')?.dataset.status === 'awaiting_payout')
    const outcome = m.q('payment-outcome')!
    expect(outcome.closest('[role="status"]')?.getAttribute('aria-live')).toBe('polite')
    expect(outcome.textContent).toContain('The bank is paying the money to your card')
    expect(outcome.textContent).toContain(t('pay.live'))
    m.unmount()
  })

  it('explains a payout the bank could not make', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({
      [WITHDRAW]: [accepted()],
      [ORDER]: [
        jsonResponse(
          detail({
            ...withdrawal({ status: 'failed', failureReason: 'payout_failed' }),
            timeline: [
              { status: 'accepted', at: '2026-11-27T08:00:00Z', detail: null },
              { status: 'payout_failed', at: '2026-11-27T08:01:00Z', detail: 'account_closed' },
              { status: 'voiding', at: '2026-11-27T08:01:00Z', detail: 'payout_failed' },
              { status: 'failed', at: '2026-11-27T08:01:01Z', detail: 'payout_failed: account_closed' },
            ],
          }),
        ),
      ],
    })
    await withdraw(m)
    await until(() => m.q('payment-outcome')?.dataset.status === 'failed')
    const outcome = m.q('payment-outcome')!
    expect(outcome.textContent).toContain('The withdrawal failed.')
    expect(outcome.textContent).toContain('The bank could not pay the money to your card')
    expect(m.all('timeline-step').map((s) => s.textContent)).toContain('The bank could not pay out')
    expect(m.all('timeline-detail').at(-1)?.textContent).toContain('The money set aside has been returned to your wallet')
    m.unmount()
  })

  it('shows a wrong PIN under the PIN field with the attempts left, and uses a new key for the next try', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({
      [WITHDRAW]: [problem(403, { title: 'Wrong payment PIN', remainingAttempts: 2 }), accepted()],
      [ORDER]: [() => jsonResponse(detail(withdrawal({ status: 'completed' })))],
    })
    await withdraw(m, '135790')
    expect(m.itemError('withdraw-pin')).toBe('Wrong payment PIN. Wrong tries left before it locks: 2')
    expect(m.input('withdraw-pin').value).toBe('')
    expect(m.q('withdraw-error')).toBeNull()
    expect(m.q('withdraw-step-confirm')).not.toBeNull()

    await withdraw(m, '246810')
    expect(m.q('withdraw-step-status')).not.toBeNull()
    const [first, second] = posts(m.fetchMock)
    expect(second!.headers['Idempotency-Key']).not.toBe(first!.headers['Idempotency-Key'])
    m.unmount()
  })

  it('explains a locked PIN (423) and offers no way to withdraw', async () => {
    const m = await toConfirm({ [WITHDRAW]: [problem(423, { title: 'Payment PIN locked' })] })
    await withdraw(m)
    expect(m.text('withdraw-pin-locked')).toBe(t('pay.errors.pinLocked'))
    expect(m.q('withdraw-submit')).toBeNull()
    m.unmount()
  })

  it('lets the customer set a PIN in the flow when none is set (409 pin-not-set), keeping the withdrawal', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({
      [PIN]: [pinSet(), pinUnset(), pinSet()],
      [WITHDRAW]: [problem(409, { type: 'https://jade.example/problems/pin-not-set', title: 'No payment PIN' }), accepted()],
      'PUT /api/payments/pin': [noContent()],
      [ORDER]: [() => jsonResponse(detail(withdrawal({ status: 'completed' })))],
    })
    await withdraw(m)
    expect(m.q('withdraw-pin-setup')?.textContent).toContain(t('withdraw.pinNeeded'))
    expect(m.text('summary-card')).toBe('4111 11** **** 1111')
    await m.type('pin-new', '246810')
    await m.type('pin-confirm', '246810')
    await m.submit('pin-new')
    expect(m.q('withdraw-pin-setup')).toBeNull()
    await withdraw(m)
    expect(m.q('withdraw-step-status')).not.toBeNull()
    m.unmount()
  })

  it('offers a way to bind a card when there is none: a link to the cards page, or a form right here', async () => {
    i18n.global.locale.value = 'en'
    const bound = card('card-9', '6222 02** **** 0009')
    const fetchMock = serveFetch({ [CARDS]: [jsonResponse([])], [PIN]: [pinSet], 'POST /api/payments/cards': [jsonResponse(bound, 201)] })
    const m = await mountPayments('/withdraw')
    expect(m.q('withdraw-no-cards')?.textContent).toContain('You have not bound a bank card yet')
    expect(m.q('withdraw-to-cards')?.getAttribute('href')).toBe('/cards')
    expect(m.q('withdraw-amount')).toBeNull()
    expect(m.q('withdraw-continue')).toBeNull()

    await m.click('withdraw-bind-here')
    expect(m.q('card-form-card')).not.toBeNull()
    await m.type('card-number-input', '6200 0000 0000 0005')
    await m.type('card-holder-input', '张三')
    await m.submit('card-number-input')
    expect(fetchMock.calls('POST /api/payments/cards')).toBe(1)
    // The new card is listed and chosen; the form goes away.
    expect(m.q('card-form-card')).toBeNull()
    expect(m.all('withdraw-card')).toHaveLength(1)
    expect(m.el.querySelector<HTMLInputElement>('[data-card-id="card-9"] input')?.checked).toBe(true)
    m.unmount()
  })

  it('chooses the only card by itself', async () => {
    serveFetch({ [CARDS]: [jsonResponse([salary])], [PIN]: [pinSet] })
    const m = await mountPayments('/withdraw')
    expect(m.el.querySelector<HTMLInputElement>('[data-card-id="card-1"] input')?.checked).toBe(true)
    m.unmount()
  })

  it('takes an unknown card (404) back to the card choice with a message, and reloads the cards', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({
      [CARDS]: [jsonResponse([salary, visa]), jsonResponse([salary])],
      [WITHDRAW]: [problem(404, { title: 'Unknown card', detail: 'None of your bound cards has this id.' })],
    })
    await withdraw(m)
    expect(m.q('withdraw-step-details')).not.toBeNull()
    await m.settle()
    expect(m.itemError('withdraw-cards')).toBe(t('withdraw.errors.cardGone'))
    expect(m.fetchMock.calls(CARDS)).toBe(2)
    // The removed card is gone, and the remaining one is not chosen behind the customer's back.
    expect(m.all('withdraw-card').map((c) => c.dataset.cardId)).toEqual(['card-1'])
    expect(m.el.querySelector<HTMLInputElement>('[data-card-id="card-1"] input')?.checked).toBe(false)
    expect(m.input('withdraw-amount').value).toBe('20')
    m.unmount()
  })

  it('takes an over-limit refusal (422) back to the amount with the server’s explanation when it names no limit', async () => {
    i18n.global.locale.value = 'en'
    const detailText = 'This payment would pass your daily limit of 5000.00 CNY (4990.00 already used today).'
    const m = await toConfirm({ [WITHDRAW]: [problem(422, { title: 'Over your limit', detail: detailText })] })
    await withdraw(m)
    expect(m.q('withdraw-step-details')).not.toBeNull()
    await m.settle()
    expect(m.itemError('withdraw-amount')).toBe(`This withdrawal is over your limit. ${detailText}`)
    m.unmount()
  })

  it.each([
    ['en', (limit: string) => `This withdrawal would exceed your per-payment limit of ${limit}. Verify your identity to raise it.`],
    ['zh-CN', (limit: string) => `此笔提现超出了您的单笔限额 ${limit}。完成实名认证即可提高限额。`],
  ] as const)('explains an over-limit refusal (422) in %s from the limit it names', async (locale, sentence) => {
    i18n.global.locale.value = locale
    const limit = { which: 'per_transaction', limitMinor: 500_000, usedMinor: 0, kycLevel: 1 }
    const detailText = 'This payment would pass your per-payment limit of 5000.00 CNY. Verify your identity to raise it.'
    const m = await toConfirm({ [WITHDRAW]: [problem(422, { title: 'Over your limit', detail: detailText, limit })] })
    await withdraw(m)
    await m.settle()
    expect(m.itemError('withdraw-amount')).toBe(sentence(formatMoney(500_000n, 'CNY', locale)))
    m.unmount()
  })

  it('reuses the key after no answer or a 5xx, and says it will not pay out twice', async () => {
    i18n.global.locale.value = 'en'
    const m = await toConfirm({
      [WITHDRAW]: [new TypeError('Failed to fetch'), problem(500), accepted()],
      [ORDER]: [() => jsonResponse(detail(withdrawal({ status: 'completed' })))],
    })
    await withdraw(m)
    expect(m.text('withdraw-error')).toBe(t('withdraw.errors.unknownOutcome'))
    expect(m.input('withdraw-pin').value).toBe('246810')
    await m.submit('withdraw-pin')
    await m.submit('withdraw-pin')
    const keys = posts(m.fetchMock).map((r) => r.headers['Idempotency-Key'])
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
    expect(m.q('withdraw-step-status')).not.toBeNull()
    m.unmount()
  })

  it('puts 400 field errors where they belong', async () => {
    const m = await toConfirm({ [WITHDRAW]: [problem(400, { errors: { pin: ['Enter your 6-digit payment PIN.'] } })] })
    await withdraw(m)
    expect(m.q('withdraw-step-confirm')).not.toBeNull()
    expect(m.itemError('withdraw-pin')).toBe('Enter your 6-digit payment PIN.')
    m.unmount()
  })
})
