import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { ApiError } from '@/api/http'
import {
  FAILURE_REASONS,
  isDefiniteRefusal,
  isPinNotSet,
  PAYMENT_KINDS,
  PAYMENT_STATUSES,
  STATUSES_BY_KIND,
  paymentOrdersQuery,
  paymentsApi,
  paymentsExportUrl,
  remainingAttemptsOf,
} from '@/api/payments'
import { identityApi, isTwoFactorRequired } from '@/api/endpoints'
import { usePaymentsStore } from '@/stores/payments'
import { authenticatorCodeProblem } from '@/utils/authenticatorCode'
import { maskedContacts, readPayeeInput } from '@/utils/payees'
import {
  awaitsCardPayment,
  confirmPinProblem,
  failureKey,
  isOutsideHistoryRange,
  isTerminal,
  kindKey,
  KIND_FAILURES,
  mayStillComplete,
  KIND_STATUS_HINTS,
  TIMELINE_STEPS,
  memoProblem,
  newPinProblem,
  nextPollDelay,
  signedAmountText,
  statusHintKey,
  statusKey,
  statusTagType,
  timelineStepKey,
} from '@/utils/payments'
import { formatMoney } from '@/utils/format'
import { confirmUrlOf, forgetConfirmUrl, isWebUrl, rememberConfirmUrl } from '@/utils/topups'
import { createAttemptKeys } from '@/utils/idempotency'
import { jsonResponse, mockFetch, noContent, problem, requestOf } from './helpers'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  i18n.global.locale.value = 'zh-CN'
})


describe('paymentsApi', () => {
  it('reads the PIN status and sets a PIN with PUT and the anti-forgery header', async () => {
    const fetchMock = mockFetch(jsonResponse({ isSet: true, locked: false, remainingAttempts: 4 }), noContent())
    await expect(paymentsApi.pinStatus()).resolves.toEqual({ isSet: true, locked: false, remainingAttempts: 4 })
    await expect(paymentsApi.setPin({ pin: '246810', currentPin: '135790' })).resolves.toBeUndefined()
    expect(requestOf(fetchMock, 0).url).toBe('/api/payments/pin')
    const put = requestOf(fetchMock, 1)
    expect(put.url).toBe('/api/payments/pin')
    expect(put.init.method).toBe('PUT')
    expect(put.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(put.init.body as string)).toEqual({ pin: '246810', currentPin: '135790' })
  })

  it('looks a payee up by the encoded email address', async () => {
    const payee = { customerId: 'c-2', maskedEmail: 's*****e@example.com', maskedPhone: null }
    const fetchMock = mockFetch(jsonResponse(payee))
    await expect(paymentsApi.findPayee({ email: 'sam+pay@example.com' })).resolves.toEqual(payee)
    expect(requestOf(fetchMock).url).toBe('/api/payments/payees?email=sam%2Bpay%40example.com')
  })

  it('looks a payee up by the encoded phone number, and only by it', async () => {
    const payee = { customerId: 'c-2', maskedEmail: 's*****e@example.com', maskedPhone: '+86 138****8000' }
    const fetchMock = mockFetch(jsonResponse(payee))
    await expect(paymentsApi.findPayee({ phone: '+8613800138000' })).resolves.toEqual(payee)
    expect(requestOf(fetchMock).url).toBe('/api/payments/payees?phone=%2B8613800138000')
  })

  it('resets the PIN with the step-up token, and asks identity for that token with the authenticator code', async () => {
    const fetchMock = mockFetch(
      jsonResponse({ token: 'step-up.jwt', expiresAt: '2026-11-27T08:05:00Z', method: 'otp' }),
      noContent(),
    )
    await expect(identityApi.stepUp('payment_pin_reset', '123456')).resolves.toEqual({
      token: 'step-up.jwt',
      expiresAt: '2026-11-27T08:05:00Z',
      method: 'otp',
    })
    await expect(paymentsApi.resetPin({ stepUpToken: 'step-up.jwt', pin: '246810' })).resolves.toBeUndefined()
    const [stepUp, reset] = [requestOf(fetchMock, 0), requestOf(fetchMock, 1)]
    expect([stepUp.url, stepUp.init.method, stepUp.headers['X-CSRF']]).toEqual(['/api/identity/step-up', 'POST', '1'])
    expect(JSON.parse(stepUp.init.body as string)).toEqual({ purpose: 'payment_pin_reset', code: '123456' })
    expect([reset.url, reset.init.method, reset.headers['X-CSRF']]).toEqual(['/api/payments/pin/reset', 'POST', '1'])
    expect(JSON.parse(reset.init.body as string)).toEqual({ stepUpToken: 'step-up.jwt', pin: '246810' })
  })

  it('posts a transfer with its Idempotency-Key and keeps an amount beyond 2^53 exact', async () => {
    const fetchMock = mockFetch(
      new Response('{"id":"o-1","kind":"p2p","direction":"outgoing","status":"accepted","amountMinor":9007199254740993,"currency":"CNY"}', {
        status: 202,
        headers: { 'Content-Type': 'application/json' },
      }),
    )
    const body = { payeeId: 'c-2', amount: '30.00', currency: 'CNY', pin: '246810' }
    const view = await paymentsApi.transfer(body, 'key-1')
    const post = requestOf(fetchMock)
    expect(post.url).toBe('/api/payments/transfers')
    expect(post.init.method).toBe('POST')
    expect(post.headers['Idempotency-Key']).toBe('key-1')
    expect(post.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(post.init.body as string)).toEqual(body)
    expect(view.amountMinor).toBe('9007199254740993')
    expect(signedAmountText(view, 'en')).toBe(formatMoney(-9007199254740993n, 'CNY', 'en'))
  })

  it('starts a top-up with its Idempotency-Key and reads the card page address from the 201', async () => {
    const fetchMock = mockFetch(
      jsonResponse(
        { payment: { id: 'o-1', kind: 'topup', direction: 'incoming', status: 'awaiting_confirmation', amountMinor: 10000, currency: 'CNY' }, confirmUrl: 'https://acq.example/c/1' },
        201,
      ),
    )
    const started = await paymentsApi.topUp({ amount: '100.00', currency: 'CNY' }, 'key-t')
    const post = requestOf(fetchMock)
    expect(post.url).toBe('/api/payments/topups')
    expect(post.init.method).toBe('POST')
    expect(post.headers['Idempotency-Key']).toBe('key-t')
    expect(post.headers['X-CSRF']).toBe('1')
    expect(JSON.parse(post.init.body as string)).toEqual({ amount: '100.00', currency: 'CNY' })
    expect(started.confirmUrl).toBe('https://acq.example/c/1')
    expect(started.payment.status).toBe('awaiting_confirmation')
  })

  it('posts a withdrawal with its Idempotency-Key', async () => {
    const fetchMock = mockFetch(jsonResponse({ id: 'o-2', kind: 'withdrawal', direction: 'outgoing', status: 'accepted', amountMinor: 2000, currency: 'CNY' }, 202))
    const body = { cardId: 'card-1', amount: '20.00', currency: 'CNY', pin: '246810' }
    const view = await paymentsApi.withdraw(body, 'key-w')
    const post = requestOf(fetchMock)
    expect(post.url).toBe('/api/payments/withdrawals')
    expect(post.init.method).toBe('POST')
    expect(post.headers['Idempotency-Key']).toBe('key-w')
    expect(JSON.parse(post.init.body as string)).toEqual(body)
    expect(view.kind).toBe('withdrawal')
  })

  it('lists orders with only the filters that are set, then the page', async () => {
    const fetchMock = mockFetch(jsonResponse({ items: [], page: 2, pageSize: 50, total: 0 }), jsonResponse({ items: [], page: 1, pageSize: 20, total: 0 }))
    await paymentsApi.orders({ kind: 'p2p', status: '', direction: 'incoming', from: '2026-11-01', to: '2026-11-30' }, 2, 50)
    await paymentsApi.orders({}, 1, 20)
    expect(requestOf(fetchMock, 0).url).toBe('/api/payments/orders?kind=p2p&direction=incoming&from=2026-11-01&to=2026-11-30&page=2&pageSize=50')
    expect(requestOf(fetchMock, 1).url).toBe('/api/payments/orders?page=1&pageSize=20')
  })

  it('keeps the history’s date filter between 2000-01-01 and Beijing’s today', () => {
    // 17:30 UTC on 27 November is the 28th in Beijing.
    const now = new Date('2026-11-27T17:30:00Z')
    expect(isOutsideHistoryRange(new Date(1999, 11, 31), now)).toBe(true)
    expect(isOutsideHistoryRange(new Date(2000, 0, 1), now)).toBe(false)
    expect(isOutsideHistoryRange(new Date(2026, 10, 28), now)).toBe(false)
    expect(isOutsideHistoryRange(new Date(2026, 10, 29), now)).toBe(true)
  })

  it('builds the CSV export address from the same filters, without paging', () => {
    expect(paymentsExportUrl({})).toBe('/api/payments/orders/export')
    expect(paymentsExportUrl({ kind: 'topup', status: 'completed', direction: 'outgoing', from: '2026-11-01', to: '2026-11-02' })).toBe(
      '/api/payments/orders/export?kind=topup&status=completed&direction=outgoing&from=2026-11-01&to=2026-11-02',
    )
    expect(paymentOrdersQuery({ status: 'in_review' }).toString()).toBe('status=in_review')
  })

  it('fetches one order by its encoded id', async () => {
    const fetchMock = mockFetch(jsonResponse({ id: 'a/b', timeline: [] }))
    await paymentsApi.order('a/b')
    expect(requestOf(fetchMock).url).toBe('/api/payments/orders/a%2Fb')
  })
})

describe('reading refusals', () => {
  it('finds the remaining attempts of a wrong PIN in the problem’s extensions', async () => {
    mockFetch(problem(403, { detail: 'Wrong payment PIN. 2 tries left before it locks.', remainingAttempts: 2 }))
    const error = await paymentsApi.transfer({ payeeId: 'c', amount: '1.00', currency: 'CNY', pin: '000000' }, 'k').catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error.extensions).toEqual({ remainingAttempts: 2 })
    expect(remainingAttemptsOf(error)).toBe(2)
    expect(remainingAttemptsOf(new ApiError(403, { title: 'x' }))).toBeNull()
    expect(remainingAttemptsOf(new ApiError(403, { remainingAttempts: 'two' }))).toBeNull()
    expect(remainingAttemptsOf(new Error('x'))).toBeNull()
  })

  it('tells "no authenticator" from any other conflict of a step-up', () => {
    expect(isTwoFactorRequired(new ApiError(409, { type: 'https://jade.example/problems/two-factor-required' }))).toBe(true)
    expect(isTwoFactorRequired(new ApiError(409, { title: 'Conflict' }))).toBe(false)
    expect(isTwoFactorRequired(new ApiError(400, { type: 'https://jade.example/problems/two-factor-required' }))).toBe(false)
    expect(isTwoFactorRequired(new Error('x'))).toBe(false)
  })

  it('tells "no PIN yet" from any other conflict', () => {
    expect(isPinNotSet(new ApiError(409, { type: 'https://jade.example/problems/pin-not-set' }))).toBe(true)
    expect(isPinNotSet(new ApiError(409, { title: 'Conflict', detail: 'still being processed' }))).toBe(false)
    expect(isPinNotSet(new ApiError(400, { type: 'https://jade.example/problems/pin-not-set' }))).toBe(false)
  })

  it.each<[string, unknown, boolean]>([
    ['no answer', new ApiError(0), false],
    ['500', new ApiError(500), false],
    ['503', new ApiError(503), false],
    ['a request still running (409)', new ApiError(409, { detail: 'still being processed' }), false],
    ['a request still running (409 idempotency-in-progress)', new ApiError(409, { type: 'https://jade.example/problems/idempotency-in-progress' }), false],
    ['400', new ApiError(400), true],
    ['403 wrong PIN', new ApiError(403), true],
    ['404 unknown payee', new ApiError(404), true],
    ['409 no PIN', new ApiError(409, { type: 'https://jade.example/problems/pin-not-set' }), true],
    ['422 over the limit or a reused key', new ApiError(422), true],
    ['423 locked', new ApiError(423), true],
    ['429 rate limited', new ApiError(429), true],
  ])('%s is a definite refusal: %s', (_name, error, definite) => {
    expect(isDefiniteRefusal(error)).toBe(definite)
  })
})

describe('status and failure wording', () => {
  const has = (key: string, locale: 'en' | 'zh-CN') => i18n.global.te(key, locale)

  it.each(['en', 'zh-CN'] as const)('names every status, hint, failure reason and kind in %s', (locale) => {
    for (const status of PAYMENT_STATUSES) {
      expect(has(statusKey(status), locale)).toBe(true)
      expect(has(statusHintKey(status), locale)).toBe(true)
    }
    for (const reason of FAILURE_REASONS) expect(has(failureKey(reason), locale)).toBe(true)
    for (const kind of PAYMENT_KINDS) expect(has(`payments.kind.${kind}`, locale)).toBe(true)
    expect(has(statusKey('something_new'), locale)).toBe(true)
    expect(has(failureKey('something_new'), locale)).toBe(true)
  })

  it.each(['en', 'zh-CN'] as const)('names every timeline step and every kind-specific sentence in %s', (locale) => {
    for (const step of TIMELINE_STEPS) expect(has(timelineStepKey(step)!, locale)).toBe(true)
    for (const [kind, statuses] of Object.entries(KIND_STATUS_HINTS)) {
      for (const status of statuses!) {
        expect(statusHintKey(status, kind)).toBe(`payments.statusHintByKind.${kind}.${status}`)
        expect(has(statusHintKey(status, kind), locale)).toBe(true)
      }
    }
    for (const [kind, reasons] of Object.entries(KIND_FAILURES)) {
      for (const reason of reasons!) expect(has(failureKey(reason, kind), locale)).toBe(true)
    }
  })

  it('has a step for everything the top-up and withdrawal sagas write', () => {
    for (const step of [
      'charge_created',
      'charge_succeeded',
      'credit_refused',
      'refund_requested',
      'refunded',
      'refund_failed',
      'paying_out',
      'payout_requested',
      'paid_out',
      'payout_failed',
    ]) {
      expect(timelineStepKey(step)).toBe(`payments.steps.${step}`)
    }
  })

  it.each(['en', 'zh-CN'] as const)('gives every status its own label in %s, so the status filter can tell them apart', (locale) => {
    const labels = PAYMENT_STATUSES.map((s) => i18n.global.t(statusKey(s), {}, { locale }))
    expect(new Set(labels).size).toBe(PAYMENT_STATUSES.length)
  })

  it('words a status or a failure for the kind of order only where the shared sentence would mislead', () => {
    expect(statusHintKey('completed', 'topup')).toBe('payments.statusHintByKind.topup.completed')
    expect(statusHintKey('completed', 'p2p')).toBe('payments.statusHint.completed')
    expect(statusHintKey('completed')).toBe('payments.statusHint.completed')
    expect(statusHintKey('awaiting_confirmation', 'topup')).toBe('payments.statusHint.awaiting_confirmation')
    expect(statusHintKey('teleported', 'topup')).toBe('payments.statusHint.unknown')
    expect(failureKey('ledger_rejected', 'topup')).toBe('payments.failureByKind.topup.ledger_rejected')
    expect(failureKey('ledger_rejected', 'withdrawal')).toBe('payments.failure.ledger_rejected')
    expect(failureKey('card_declined', 'topup')).toBe('payments.failure.card_declined')
    // Only top-ups are ever refunded, so the shared sentences are worded for them.
    expect(statusHintKey('refunding', 'topup')).toBe('payments.statusHint.refunding')
    expect(statusHintKey('awaiting_refund', 'topup')).toBe('payments.statusHint.awaiting_refund')
    expect(failureKey('refunded_to_card', 'topup')).toBe('payments.failure.refunded_to_card')
  })

  it('keeps following a top-up while its charge goes back to the card', () => {
    expect(STATUSES_BY_KIND.topup).toEqual(['created', 'awaiting_confirmation', 'posting', 'refunding', 'awaiting_refund', 'completed', 'failed'])
    for (const status of ['refunding', 'awaiting_refund']) {
      expect(isTerminal(status)).toBe(false)
      expect(statusTagType(status)).toBe('warning')
      expect(awaitsCardPayment({ kind: 'topup', status: status as 'refunding' })).toBe(false)
    }
    // A status this page does not know yet is still moving, not final.
    expect(isTerminal('something_new')).toBe(false)
    expect(statusTagType('something_new')).toBe('primary')
  })

  it('knows which failed top-ups the acquirer may still complete: those the saga only stopped waiting for', () => {
    const failed = (kind: 'topup' | 'p2p' | 'withdrawal', failureReason: string | null) => ({ kind, status: 'failed' as const, failureReason })
    expect(mayStillComplete(failed('topup', 'confirmation_timeout'))).toBe(true)
    expect(mayStillComplete(failed('topup', 'channel_unavailable'))).toBe(true)
    for (const reason of ['card_declined', 'refunded_to_card', 'ledger_rejected', null]) expect(mayStillComplete(failed('topup', reason))).toBe(false)
    expect(mayStillComplete(failed('p2p', 'confirmation_timeout'))).toBe(false)
    expect(mayStillComplete({ kind: 'topup', status: 'awaiting_confirmation', failureReason: null })).toBe(false)
  })

  it('knows when a top-up still waits for the card page', () => {
    expect(awaitsCardPayment({ kind: 'topup', status: 'created' })).toBe(true)
    expect(awaitsCardPayment({ kind: 'topup', status: 'awaiting_confirmation' })).toBe(true)
    expect(awaitsCardPayment({ kind: 'topup', status: 'posting' })).toBe(false)
    expect(awaitsCardPayment({ kind: 'withdrawal', status: 'accepted' })).toBe(false)
  })

  it('knows every kind the server lists, a partner bank’s credit and payout with the statuses their sagas pass through', () => {
    expect(PAYMENT_KINDS).toEqual(['p2p', 'topup', 'withdrawal', 'partner_credit', 'partner_payout'])
    expect(STATUSES_BY_KIND.partner_credit).toEqual(['posting', 'completed', 'failed'])
    expect(STATUSES_BY_KIND.partner_payout).toEqual(STATUSES_BY_KIND.withdrawal)
    expect(kindKey('partner_credit')).toBe('payments.kind.partner_credit')
    expect(kindKey('something_new')).toBe('payments.kind.other')
    for (const locale of ['en', 'zh-CN'] as const) {
      expect(i18n.global.te('payments.kind.partner_credit', locale)).toBe(true)
      expect(i18n.global.te('payments.kind.partner_payout', locale)).toBe(true)
    }
  })

  it('lists for each kind only statuses that exist', () => {
    for (const statuses of Object.values(STATUSES_BY_KIND)) {
      for (const status of statuses) expect(PAYMENT_STATUSES).toContain(status)
    }
    expect(new Set(Object.values(STATUSES_BY_KIND).flat())).toEqual(new Set(PAYMENT_STATUSES))
  })

  it('falls back for codes it does not know', () => {
    expect(statusKey('in_review')).toBe('payments.status.in_review')
    expect(statusKey('paused')).toBe('payments.status.unknown')
    expect(failureKey('insufficient_funds')).toBe('payments.failure.insufficient_funds')
    expect(failureKey(null)).toBe('payments.failure.unknown')
    expect(failureKey('new_reason')).toBe('payments.failure.unknown')
    expect(timelineStepKey('funds_held')).toBe('payments.steps.funds_held')
    expect(timelineStepKey('teleported')).toBeNull()
  })

  it('gives each failure reason its own sentence', () => {
    i18n.global.locale.value = 'en'
    const sentences = FAILURE_REASONS.map((r) => i18n.global.t(failureKey(r)))
    expect(new Set(sentences).size).toBe(FAILURE_REASONS.length)
    expect(i18n.global.t(failureKey('insufficient_funds'))).toContain('balance was not enough')
    expect(i18n.global.t(statusHintKey('in_review'))).toContain('may take a while')
  })

  it('knows which statuses are final', () => {
    expect(PAYMENT_STATUSES.filter(isTerminal)).toEqual(['completed', 'failed'])
  })

  it('signs amounts by direction', () => {
    const base = { amountMinor: 3000, currency: 'CNY' }
    expect(signedAmountText({ ...base, direction: 'outgoing' }, 'zh-CN')).toBe('-¥30.00')
    expect(signedAmountText({ ...base, direction: 'incoming' }, 'zh-CN')).toBe('+¥30.00')
  })
})

describe('the card page of a top-up', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    sessionStorage.clear()
  })

  it('is kept per order in this tab, and only if it is a web address', () => {
    rememberConfirmUrl('o-1', 'https://acq.example/c/1')
    rememberConfirmUrl('o-2', 'javascript:alert(1)')
    expect(sessionStorage.getItem('jade.topup.confirmUrl.o-1')).toBe('https://acq.example/c/1')
    expect(confirmUrlOf('o-1')).toBe('https://acq.example/c/1')
    expect(confirmUrlOf('o-2')).toBeNull()
    expect(confirmUrlOf('o-3')).toBeNull()
    forgetConfirmUrl('o-1')
    expect(confirmUrlOf('o-1')).toBeNull()
    expect(isWebUrl('http://localhost:5000/sim/pay')).toBe(true)
    expect(isWebUrl('data:text/html,hi')).toBe(false)
  })

  it('does without storage when the browser refuses it', () => {
    const refuse = () => {
      throw new DOMException('denied', 'SecurityError')
    }
    vi.stubGlobal('sessionStorage', { setItem: refuse, getItem: refuse, removeItem: refuse })
    expect(() => rememberConfirmUrl('o-1', 'https://acq.example/c/1')).not.toThrow()
    expect(confirmUrlOf('o-1')).toBeNull()
    expect(() => forgetConfirmUrl('o-1')).not.toThrow()
  })
})

describe('Idempotency-Key per attempt', () => {
  it('keeps the key for the same request until it is settled, and changes it for other details', () => {
    const keys = createAttemptKeys()
    const first = keys.keyFor({ amount: '1.00' })
    expect(keys.keyFor({ amount: '1.00' })).toBe(first)
    const other = keys.keyFor({ amount: '2.00' })
    expect(other).not.toBe(first)
    keys.settled()
    expect(keys.keyFor({ amount: '2.00' })).not.toBe(other)
  })
})

describe('PIN and memo rules', () => {
  it.each([
    ['', 'required'],
    ['12345', 'format'],
    ['1234567', 'format'],
    ['12a456', 'format'],
    ['１２３４５６', 'format'],
    ['111111', 'repeated'],
    ['000000', 'repeated'],
    ['123456', 'sequential'],
    ['456789', 'sequential'],
    ['654321', 'sequential'],
    ['246810', null],
    ['135790', null],
    ['123457', null],
  ])('a new PIN %j: %s', (pin, problem) => {
    expect(newPinProblem(pin)).toBe(problem)
  })

  it.each([
    ['246810', '', 'required'],
    ['246810', '246811', 'mismatch'],
    ['246810', '246810', null],
  ])('a new PIN %j typed again as %j: %s', (pin, again, problem) => {
    expect(confirmPinProblem(pin, again)).toBe(problem)
  })

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['12345', 'format'],
    ['12345a', 'format'],
    ['1234567', 'format'],
    ['123456', null],
    ['123 456', null],
  ])('an authenticator code %j: %s', (code, problem) => {
    expect(authenticatorCodeProblem(code)).toBe(problem)
  })

  it('allows a 140-character memo without control characters', () => {
    expect(memoProblem('')).toBeNull()
    expect(memoProblem('晚饭 🍜')).toBeNull()
    expect(memoProblem('x'.repeat(140))).toBeNull()
    expect(memoProblem('x'.repeat(141))).toBe('length')
    expect(memoProblem('line\nbreak')).toBe('characters')
    expect(memoProblem('tab\there')).toBe('characters')
  })

  it.each(['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'])(
    'refuses a memo with the bidirectional control U+%s, as the server does',
    (c) => {
      expect(memoProblem(`invoice ${c}fdp.exe`)).toBe('direction')
    },
  )

  it('allows right-to-left text itself and the marks next to the refused range', () => {
    expect(memoProblem('שלום مرحبا')).toBeNull()
    // U+200E/U+200F (marks), U+2029 and U+206A are not among the characters the server refuses.
    expect(memoProblem('a\u200eb\u200fc\u2029d\u206ae\u2065')).toBeNull()
  })
})

describe('reading the recipient field', () => {
  it.each([
    ['sam@example.com', { email: 'sam@example.com' }],
    ['  Sam+pay@Example.com ', { email: 'Sam+pay@Example.com' }],
    ['13800138000', { phone: '13800138000' }],
    ['+86 138 0013 8000', { phone: '+8613800138000' }],
    ['138-0013-8000', { phone: '13800138000' }],
    [' +44 20 7946 0958 ', { phone: '+442079460958' }],
    ['+1 (415) 555-0100', { phone: '+14155550100' }],
    ['0086 138 0013 8000', { phone: '008613800138000' }],
  ])('%j is looked up as %j', (typed, query) => {
    expect(readPayeeInput(typed)).toEqual({ ok: true, query })
  })

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['sam@', 'emailInvalid'],
    ['sam@example', 'emailInvalid'],
    [`${'x'.repeat(250)}@example.com`, 'emailInvalid'],
    ['not-an-email', 'phoneInvalid'],
    ['123456', 'phoneInvalid'],
    ['1234567890123456', 'phoneInvalid'],
    ['++8613800138000', 'phoneInvalid'],
    ['138 0013 8000 ext 1', 'phoneInvalid'],
    ['-13800138000', 'phoneInvalid'],
    ['１３８００１３８０００', 'phoneInvalid'],
  ])('%j is refused: %s', (typed, problem) => {
    expect(readPayeeInput(typed)).toEqual({ ok: false, problem })
  })

  it('lists the masked contacts that came back, e-mail first', () => {
    expect(maskedContacts({ customerId: 'c', maskedEmail: 's*****e@example.com', maskedPhone: '+86 138****8000' })).toEqual([
      's*****e@example.com',
      '+86 138****8000',
    ])
    expect(maskedContacts({ customerId: 'c', maskedEmail: null, maskedPhone: '+86 138****8000' })).toEqual(['+86 138****8000'])
    expect(maskedContacts({ customerId: 'c', maskedEmail: 's*****e@example.com', maskedPhone: null })).toEqual(['s*****e@example.com'])
  })
})

describe('nextPollDelay', () => {
  const timing = { firstMs: 1000, maxMs: 30_000, factor: 1.5 }

  it('starts again at a second after a change, grows while nothing changes and doubles after an error, up to the cap', () => {
    expect(nextPollDelay(8000, 'changed', timing)).toBe(1000)
    expect(nextPollDelay(1000, 'same', timing)).toBe(1500)
    expect(nextPollDelay(1500, 'same', timing)).toBe(2250)
    expect(nextPollDelay(1000, 'error', timing)).toBe(2000)
    expect(nextPollDelay(20_000, 'same', timing)).toBe(30_000)
    expect(nextPollDelay(30_000, 'error', timing)).toBe(30_000)
  })

  it('reaches the cap within a couple of minutes of silence', () => {
    let delay = timing.firstMs
    let elapsed = 0
    while (delay < timing.maxMs) {
      elapsed += delay
      delay = nextPollDelay(delay, 'same', timing)
    }
    expect(elapsed).toBeLessThan(120_000)
  })
})

describe('payment history store', () => {
  it('sends the filters as the query string and starts again at page 1 when they change', async () => {
    setActivePinia(createPinia())
    const page = (n: number, total = 60) => jsonResponse({ items: [], page: n, pageSize: 20, total })
    const fetchMock = mockFetch(page(1), page(2), page(1), page(1), page(1))
    const store = usePaymentsStore()
    await store.load()
    await store.setPage(2)
    await store.applyFilters({ kind: 'p2p', status: 'failed', direction: 'incoming', dateRange: ['2026-11-01', '2026-11-30'] })
    await store.setPageSize(50)
    await store.resetFilters()
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual([
      '/api/payments/orders?page=1&pageSize=20',
      '/api/payments/orders?page=2&pageSize=20',
      '/api/payments/orders?kind=p2p&status=failed&direction=incoming&from=2026-11-01&to=2026-11-30&page=1&pageSize=20',
      '/api/payments/orders?kind=p2p&status=failed&direction=incoming&from=2026-11-01&to=2026-11-30&page=1&pageSize=50',
      '/api/payments/orders?page=1&pageSize=50',
    ])
  })

  it('offers the export for exactly the current filters', async () => {
    setActivePinia(createPinia())
    mockFetch(jsonResponse({ items: [], page: 1, pageSize: 20, total: 0 }))
    const store = usePaymentsStore()
    expect(store.exportUrl).toBe('/api/payments/orders/export')
    await store.applyFilters({ status: 'completed', dateRange: ['2026-10-01', '2026-10-31'] })
    expect(store.exportUrl).toBe('/api/payments/orders/export?status=completed&from=2026-10-01&to=2026-10-31')
    expect(store.isFiltered).toBe(true)
  })

  it('drops an answer that a newer request has overtaken', async () => {
    setActivePinia(createPinia())
    let answerFirst: (r: Response) => void = () => {}
    const fetchMock = vi.fn()
    fetchMock.mockImplementationOnce(() => new Promise<Response>((resolve) => (answerFirst = resolve)))
    fetchMock.mockResolvedValueOnce(jsonResponse({ items: [{ id: 'new' }], page: 1, pageSize: 20, total: 1 }))
    vi.stubGlobal('fetch', fetchMock)
    const store = usePaymentsStore()
    const first = store.load()
    await store.applyFilters({ direction: 'outgoing' })
    answerFirst(jsonResponse({ items: [{ id: 'old' }], page: 1, pageSize: 20, total: 1 }))
    await first
    expect(store.items.map((o) => o.id)).toEqual(['new'])
  })
})

describe('payment routes', () => {
  it.each([
    ['/pay', 'pay', 'titles.pay', 'Send money', '转账'],
    ['/payments', 'payments', 'titles.payments', 'Payments', '收付款记录'],
    ['/payments/ord-1', 'payment-detail', 'titles.paymentDetail', 'Payment details', '付款详情'],
    ['/topup', 'topup', 'titles.topup', 'Top up', '充值'],
    ['/withdraw', 'withdraw', 'titles.withdraw', 'Withdraw', '提现'],
  ])('%s is %s, for signed-in customers', (path, name, titleKey, en, zh) => {
    const route = createAppRouter(createMemoryHistory()).resolve(path)
    expect(route.name).toBe(name)
    expect(route.meta).toMatchObject({ titleKey, requiresAuth: true })
    expect(i18n.global.t(titleKey, {}, { locale: 'en' })).toBe(en)
    expect(i18n.global.t(titleKey, {}, { locale: 'zh-CN' })).toBe(zh)
  })
})
