import { describe, expect, it, type Mock } from 'vitest'
import { i18n } from '@/i18n'
import { cancelPayment, isNotCancellable, type PaymentDetail } from '@/api/payments'
import { ApiError } from '@/api/http'
import { formatMoney } from '@/utils/format'
import { STEP_DETAIL_CODES, timelineDetailKey } from '@/utils/payments'
import { jsonResponse, mockFetch, problem, problemOfType, requestOf, stillProcessing } from './helpers'
import { detail, mountPayments, order, serveFetch, sleep, TEST_POLL, until, resetPaymentPagesAfterEach } from './paymentHelpers'

const GET = 'GET /api/payments/orders/ord-1'
const CANCEL = 'POST /api/payments/orders/ord-1/cancel'

const inReviewSteps = [
  { status: 'accepted', at: '2026-11-27T08:00:00Z', detail: null },
  { status: 'funds_held', at: '2026-11-27T08:00:01Z', detail: null },
  { status: 'screened', at: '2026-11-27T08:00:01Z', detail: 'review' },
  { status: 'in_review', at: '2026-11-27T08:00:01Z', detail: null },
]

const inReview = (extra: Partial<PaymentDetail> = {}) =>
  detail({ status: 'in_review', amountMinor: 123456, timeline: inReviewSteps, ...extra })

const voiding = () =>
  order({ status: 'voiding', amountMinor: 123456, failureReason: 'cancelled_by_payer', updatedAt: '2026-11-27T08:05:00Z' })

const cancelledDetail = () =>
  detail({
    status: 'failed',
    amountMinor: 123456,
    failureReason: 'cancelled_by_payer',
    updatedAt: '2026-11-27T08:05:01Z',
    timeline: [
      ...inReviewSteps,
      { status: 'voiding', at: '2026-11-27T08:05:00Z', detail: 'cancelled_by_payer' },
      { status: 'failed', at: '2026-11-27T08:05:01Z', detail: 'cancelled_by_payer' },
    ],
  })

const notCancellable = () =>
  problemOfType(409, 'payment-not-cancellable', { detail: 'Only a payment waiting for review can be cancelled; this one is posting.' })

resetPaymentPagesAfterEach()

/** The payment page of ord-1, with the cancellation dialog opened (it opens through a transition). */
async function openCancelDialog(m: Awaited<ReturnType<typeof mountPayments>>) {
  await m.click('payment-cancel-open')
  await m.settle()
}


/** The Idempotency-Key of every cancellation the page sent, in order. */
const postedKeys = (fetchMock: Mock) =>
  fetchMock.mock.calls
    .map((_, i) => requestOf(fetchMock, i))
    .filter((r) => r.init.method === 'POST')
    .map((r) => r.headers['Idempotency-Key'])
describe('cancelPayment', () => {
  it('posts to the order’s cancel address with the Idempotency-Key and no body', async () => {
    const fetchMock = mockFetch(jsonResponse(voiding()))
    const answer = await cancelPayment('ord/1', 'key-1')
    const { url, init, headers } = requestOf(fetchMock)
    expect(url).toBe('/api/payments/orders/ord%2F1/cancel')
    expect(init.method).toBe('POST')
    expect(init.body).toBeUndefined()
    expect(headers['Idempotency-Key']).toBe('key-1')
    expect(headers['X-CSRF']).toBe('1')
    expect(answer.status).toBe('voiding')
  })

  it('tells "too late to cancel" from any other conflict', () => {
    const typed = (type: string) => new ApiError(409, { type: `https://jade.example/problems/${type}` })
    expect(isNotCancellable(typed('payment-not-cancellable'))).toBe(true)
    expect(isNotCancellable(typed('pin-not-set'))).toBe(false)
    expect(isNotCancellable(new ApiError(409))).toBe(false)
    expect(isNotCancellable(new ApiError(404, { type: 'https://jade.example/problems/payment-not-cancellable' }))).toBe(false)
    expect(isNotCancellable(new Error('x'))).toBe(false)
  })
})

describe('timeline details', () => {
  it.each(['en', 'zh-CN'] as const)('names a cancellation briefly in %s, and other failure codes by their sentence', (locale) => {
    for (const code of STEP_DETAIL_CODES) expect(i18n.global.te(timelineDetailKey(code)!, locale)).toBe(true)
    expect(timelineDetailKey('cancelled_by_payer')).toBe('payments.stepDetails.cancelled_by_payer')
    expect(timelineDetailKey('review_timeout')).toBe('payments.failure.review_timeout')
    expect(timelineDetailKey('ledger_rejected', 'topup')).toBe('payments.failureByKind.topup.ledger_rejected')
    expect(timelineDetailKey('ch_123')).toBeNull()
  })
})

describe('cancelling a payment in review', { timeout: 20_000 }, () => {
  it.each([
    ['an outgoing transfer in review', true, inReview()],
    ['an outgoing withdrawal in review', true, inReview({ kind: 'withdrawal', counterparty: { customerId: null, maskedName: 'Card •••• 1111' } })],
    ['an incoming transfer in review', false, inReview({ direction: 'incoming' })],
    ['an outgoing transfer still being screened', false, detail({ status: 'accepted' })],
    ['a completed transfer', false, detail({ status: 'completed', completedAt: '2026-11-27T08:00:03Z' })],
    ['a failed transfer', false, cancelledDetail()],
  ])('for %s, offers to cancel: %s', async (_name, offered, shown) => {
    i18n.global.locale.value = 'en'
    serveFetch({ [GET]: [() => jsonResponse(shown)] })
    const m = await mountPayments('/payments/ord-1')
    expect(m.q('payment-status')).not.toBeNull()
    expect(m.q('payment-cancel-open') !== null).toBe(offered)
    if (offered) {
      expect(m.text('payment-cancel')).toContain('This payment is being reviewed. Until a decision is made you can cancel it')
      expect(m.q('payment-cancel-open')!.classList.contains('el-button--danger')).toBe(true)
    }
    m.unmount()
  })

  it('asks first, naming the amount and the payee; Back and Escape close the dialog and send nothing', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = serveFetch({ [GET]: [() => jsonResponse(inReview())], [CANCEL]: [jsonResponse(voiding())] })
    const m = await mountPayments('/payments/ord-1')
    await openCancelDialog(m)
    const text = m.text('payment-cancel-text')
    expect(text).toContain(formatMoney(123456n, 'CNY', 'en'))
    expect(text).toContain('s*****e@example.com')
    expect(document.activeElement).toBe(m.q('payment-cancel-back'))

    await m.click('payment-cancel-back')
    await m.settle()
    expect(m.q('payment-cancel-dialog')?.closest('.el-overlay')?.getAttribute('style') ?? '').toContain('display: none')

    await openCancelDialog(m)
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }))
    await m.settle()
    expect(m.q('payment-cancel-dialog')?.closest('.el-overlay')?.getAttribute('style') ?? '').toContain('display: none')

    expect(fetchMock.calls(CANCEL)).toBe(0)
    expect(m.q('payment-cancel-open')).not.toBeNull()
    m.unmount()
  })

  it.each([
    ['en', 'You cancelled this payment while it was being reviewed. The money set aside has been returned.', 'Cancelled by you'],
    ['zh-CN', '您在审核期间取消了此笔付款，冻结的款项已退回。', '由您取消'],
  ] as const)('sends one cancellation on a double click, then follows the payment until it has failed (%s)', async (locale, reason, step) => {
    i18n.global.locale.value = locale
    let cancelled = false
    let voided = false
    const fetchMock = serveFetch({
      [GET]: [() => jsonResponse(voided ? cancelledDetail() : cancelled ? detail({ ...voiding(), timeline: inReviewSteps }) : inReview())],
      [CANCEL]: [
        () => {
          cancelled = true
          return jsonResponse(voiding())
        },
      ],
    })
    const m = await mountPayments('/payments/ord-1')
    await openCancelDialog(m)
    const confirm = m.q('payment-cancel-confirm')!
    confirm.click()
    confirm.click()
    await m.settle()

    expect(fetchMock.calls(CANCEL)).toBe(1)
    const post = fetchMock.mock.calls.findIndex(([url, init]) => url === '/api/payments/orders/ord-1/cancel' && init?.method === 'POST')
    expect(requestOf(fetchMock, post).headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
    // The cancel UI goes once the payment is no longer in review.
    expect(m.q('payment-cancel-open')).toBeNull()
    expect(m.text('payment-status')).toBe(i18n.global.t('payments.status.voiding'))

    voided = true
    await until(() => m.text('payment-status') === i18n.global.t('payments.status.failed'))
    expect(m.text('payment-failure')).toBe(reason)
    expect(m.q('payment-outcome')?.textContent).toContain(reason)
    const timeline = m.all('timeline-entry')
    expect(timeline.at(-2)?.dataset.step).toBe('voiding')
    expect(timeline.at(-2)?.querySelector('[data-testid="timeline-detail"]')?.textContent).toBe(step)
    // Final: no more looks.
    const looks = fetchMock.calls(GET)
    await sleep(TEST_POLL.maxMs * 2)
    expect(fetchMock.calls(GET)).toBe(looks)
    expect(fetchMock.calls(CANCEL)).toBe(1)
    expect(fetchMock.unexpected).toEqual([])
    m.unmount()
  })

  it('says so, lastingly, when the payment can no longer be cancelled (409), and reads it again', async () => {
    i18n.global.locale.value = 'en'
    let decided = false
    const fetchMock = serveFetch({
      [GET]: [() => jsonResponse(decided ? detail({ status: 'posting', timeline: [...inReviewSteps, { status: 'review_approved', at: '2026-11-27T08:04:00Z', detail: null }] }) : inReview())],
      [CANCEL]: [
        () => {
          decided = true
          return notCancellable()
        },
      ],
    })
    const m = await mountPayments('/payments/ord-1')
    await openCancelDialog(m)
    const looksBefore = fetchMock.calls(GET)
    await m.click('payment-cancel-confirm')
    await m.settle()

    expect(fetchMock.calls(GET)).toBeGreaterThan(looksBefore)
    expect(m.text('payment-status')).toBe('Completing')
    const refused = m.q('payment-cancel-refused')!
    expect(refused.getAttribute('role')).toBe('alert')
    expect(refused.textContent).toContain('This payment can no longer be cancelled')
    expect(m.q('payment-cancel-open')).toBeNull()
    expect(m.q('payment-cancel-error')).toBeNull()
    // Lasting: still there after further looks.
    await sleep(TEST_POLL.maxMs * 2)
    await m.settle()
    expect(m.q('payment-cancel-refused')).not.toBeNull()
    m.unmount()
  })

  it('explains a 404 in the dialog, and a new attempt gets a new key', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = serveFetch({
      [GET]: [() => jsonResponse(inReview())],
      [CANCEL]: [problem(404, { title: 'Not Found' }), problem(404, { title: 'Not Found' })],
    })
    const m = await mountPayments('/payments/ord-1')
    await openCancelDialog(m)
    await m.click('payment-cancel-confirm')
    const error = m.q('payment-cancel-error')!
    expect(error.getAttribute('role')).toBe('alert')
    expect(error.textContent).toContain('not one of your own outgoing payments')
    expect(m.q('payment-cancel-refused')).toBeNull()

    await m.click('payment-cancel-confirm')
    const keys = postedKeys(fetchMock)
    expect(keys).toHaveLength(2)
    expect(keys[1]).not.toBe(keys[0])
    m.unmount()
  })

  it('lets the payer retry after a 503 or no answer with the same key, until it is cancelled', async () => {
    i18n.global.locale.value = 'en'
    let cancelled = false
    const fetchMock = serveFetch({
      [GET]: [() => jsonResponse(cancelled ? detail({ ...voiding(), timeline: inReviewSteps }) : inReview())],
      [CANCEL]: [
        problem(503, { title: 'Service Unavailable' }),
        new TypeError('network down'),
        () => {
          cancelled = true
          return jsonResponse(voiding())
        },
      ],
    })
    const m = await mountPayments('/payments/ord-1')
    await openCancelDialog(m)
    await m.click('payment-cancel-confirm')
    expect(m.text('payment-cancel-error')).toContain('We could not confirm whether the payment was cancelled')
    const confirm = m.q<HTMLButtonElement>('payment-cancel-confirm')!
    expect(confirm.disabled).toBe(false)

    await m.click('payment-cancel-confirm')
    expect(m.text('payment-cancel-error')).toContain('We could not confirm whether the payment was cancelled')
    await m.click('payment-cancel-confirm')
    await m.settle()

    const keys = postedKeys(fetchMock)
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
    expect(m.q('payment-cancel-open')).toBeNull()
    expect(m.text('payment-status')).toBe('Cancelling')
    m.unmount()
  })

  it.each([
    ['en', 'Your cancellation is still being processed'],
    ['zh-CN', '您的取消请求仍在处理中'],
  ] as const)('keeps the key while the first cancellation is still being processed (409 idempotency-in-progress), and says to try again (%s)', async (locale, words) => {
    i18n.global.locale.value = locale
    const fetchMock = serveFetch({
      [GET]: [() => jsonResponse(inReview())],
      [CANCEL]: [
        stillProcessing(),
        jsonResponse(voiding()),
      ],
    })
    const m = await mountPayments('/payments/ord-1')
    await openCancelDialog(m)
    await m.click('payment-cancel-confirm')
    expect(m.text('payment-cancel-error')).toBe(i18n.global.t('payments.cancel.errors.stillProcessing'))
    expect(m.text('payment-cancel-error')).toContain(words)
    expect(m.text('payment-cancel-error')).not.toContain('Idempotency-Key')
    // Not "too late to cancel": the dialog stays, nothing is said below.
    expect(m.q('payment-cancel-refused')).toBeNull()
    await m.click('payment-cancel-confirm')
    const keys = postedKeys(fetchMock)
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
    m.unmount()
  })

  it('keeps the key when the payer asks again from a reopened dialog after no definite answer', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = serveFetch({
      [GET]: [() => jsonResponse(inReview())],
      [CANCEL]: [problem(503, { title: 'Service Unavailable' }), jsonResponse(voiding())],
    })
    const m = await mountPayments('/payments/ord-1')
    await openCancelDialog(m)
    await m.click('payment-cancel-confirm')
    await m.click('payment-cancel-back')
    await m.settle()
    await openCancelDialog(m)
    expect(m.q('payment-cancel-error')).toBeNull()
    await m.click('payment-cancel-confirm')
    const keys = postedKeys(fetchMock)
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
    m.unmount()
  })
})
