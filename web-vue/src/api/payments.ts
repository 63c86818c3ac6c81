import { ApiError, http, isProblem, isStillProcessing, request } from './http'
import type { LedgerInt } from './types'

// ---- Payment PIN ----

/** GET /api/payments/pin */
export interface PinStatus {
  isSet: boolean
  /** Too many wrong tries: payments that need the PIN are refused until it is reset. */
  locked: boolean
  /** Wrong tries left before the PIN locks. */
  remainingAttempts: number
}

export interface SetPinRequest {
  pin: string
  /** Required when a PIN is already set. */
  currentPin?: string
}

/**
 * POST /api/payments/pin/reset: a new PIN for a forgotten or locked one (unlocked again, all tries back), on the proof
 * of a fresh authenticator code (a step-up token for `payment_pin_reset`, good once).
 */
export interface ResetPinRequest {
  stepUpToken: string
  pin: string
}

export const PIN_LENGTH = 6

// ---- Payees ----

/** Who to look up: by e-mail address or by mobile number, exactly one. */
export type PayeeQuery = { email: string } | { phone: string }

/**
 * GET /api/payments/payees?email= or ?phone= — enough to confirm the person, not more than the payer typed. Either
 * masked value may be missing (say, no phone on file), but not the one that was looked up.
 */
export interface Payee {
  customerId: string
  /** "s*****e@example.com" */
  maskedEmail: string | null
  /** "+86 138****8000" */
  maskedPhone: string | null
}

/** One of the people the customer has paid (completed transfers only), with the last payment to them. */
export interface RecentPayee extends Payee {
  lastPaidAt: string
  /** Minor units of the send currency, read like PaymentView.amountMinor. */
  lastAmountMinor: LedgerInt
}

/** GET /api/payments/payees/recent: each payee once, most recently paid first. */
export interface RecentPayees {
  items: RecentPayee[]
}

// ---- Orders ----

/**
 * Every kind of order the server knows (and its `kind` filter accepts): the customer's own transfers, top-ups and
 * withdrawals, and a partner bank's credits to a customer's wallet and payouts to a bank card.
 */
export const PAYMENT_KINDS = ['p2p', 'topup', 'withdrawal', 'partner_credit', 'partner_payout'] as const
export type PaymentKind = (typeof PAYMENT_KINDS)[number]

/**
 * The kinds the history's filter offers. A partner's payout is filed under the partner, never under a customer, so no
 * customer ever has one to find.
 */
export const HISTORY_KINDS: readonly PaymentKind[] = ['p2p', 'topup', 'withdrawal', 'partner_credit']

/** Every status an order can have, in the order the sagas usually pass through them. */
export const PAYMENT_STATUSES = [
  'created',
  'awaiting_confirmation',
  'accepted',
  'in_review',
  'paying_out',
  'awaiting_payout',
  'posting',
  'refunding',
  'awaiting_refund',
  'voiding',
  'completed',
  'failed',
] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/** The statuses each kind of order can have (what the history's status filter offers once a kind is chosen). */
export const STATUSES_BY_KIND: Readonly<Record<PaymentKind, readonly PaymentStatus[]>> = {
  p2p: ['accepted', 'in_review', 'posting', 'voiding', 'completed', 'failed'],
  topup: ['created', 'awaiting_confirmation', 'posting', 'refunding', 'awaiting_refund', 'completed', 'failed'],
  withdrawal: ['accepted', 'in_review', 'paying_out', 'awaiting_payout', 'posting', 'voiding', 'completed', 'failed'],
  // Booked at once: the partner's money is already at Jade, so there is no hold, screening or card to wait for.
  partner_credit: ['posting', 'completed', 'failed'],
  // Goes the way of a withdrawal, from the partner's settlement account.
  partner_payout: ['accepted', 'in_review', 'paying_out', 'awaiting_payout', 'posting', 'voiding', 'completed', 'failed'],
}

export const PAYMENT_DIRECTIONS = ['outgoing', 'incoming'] as const
export type PaymentDirection = (typeof PAYMENT_DIRECTIONS)[number]

export const FAILURE_REASONS = [
  'insufficient_funds',
  'risk_declined',
  'review_declined',
  'review_timeout',
  'hold_expired',
  'ledger_rejected',
  // Top-ups
  'card_declined',
  'confirmation_timeout',
  'channel_unavailable',
  'refunded_to_card',
  // Withdrawals
  'payout_failed',
  // The payer stopped a transfer or withdrawal while it waited for a risk review
  'cancelled_by_payer',
] as const
export type FailureReason = (typeof FAILURE_REASONS)[number]

export interface PaymentView {
  id: string
  kind: PaymentKind
  direction: PaymentDirection
  status: PaymentStatus
  /**
   * Minor units, always positive; the direction says which way the money moves. Read with `exactIntegers`, so an
   * amount beyond 2^53 arrives as its exact decimal string: convert with BigInt(...) before any maths.
   */
  amountMinor: LedgerInt
  currency: string
  /** The other side as this customer may see it: the payee for the payer, the payer for the payee. */
  counterparty: { customerId: string | null; maskedName: string }
  memo: string | null
  /**
   * Set on failed outgoing payments and failed top-ups; one of FAILURE_REASONS, though an unknown code must not break
   * the page.
   */
  failureReason: string | null
  createdAt: string
  updatedAt: string
  completedAt: string | null
}

/** One step of the order's saga, oldest first. `status` is a step name, not only one of PAYMENT_STATUSES. */
export interface TimelineEntry {
  status: string
  at: string
  detail: string | null
}

export interface PaymentDetail extends PaymentView {
  timeline: TimelineEntry[]
}

export interface PaymentPage {
  items: PaymentView[]
  page: number
  pageSize: number
  total: number
}

export interface PaymentFilters {
  kind?: PaymentKind | ''
  status?: PaymentStatus | ''
  direction?: PaymentDirection | ''
  /** Calendar days (yyyy-MM-dd), both included. */
  from?: string
  to?: string
}

/** POST /api/payments/transfers */
export interface TransferRequest {
  payeeId: string
  /** Major units as exact text, at most the currency's minor digits: "30.00". */
  amount: string
  currency: string
  memo?: string
  pin: string
}

/** The only currency customers can send for now. */
export const SEND_CURRENCY = 'CNY'
export const MEMO_MAX = 140

/** Field names the transfer endpoint names in its 400 problem details. */
export const TRANSFER_FIELDS = ['payeeId', 'amount', 'memo', 'pin'] as const

/** POST /api/payments/topups: money from a bank card into the wallet, confirmed on the card acquirer's own page. */
export interface TopUpRequest {
  /** Major units as exact text: "100.00". */
  amount: string
  currency: string
}

/** 201 to a top-up: the new order, and the acquirer's page where the customer enters the card and pays. */
export interface TopUpStarted {
  payment: PaymentView
  /** Not returned by the order's detail later: keep it (see utils/topups) to let the customer go back to it. */
  confirmUrl: string
}

/** The amounts the top-up page offers as one-tap buttons, in major units. */
export const TOPUP_QUICK_AMOUNTS = ['100', '500', '1000'] as const

/** POST /api/payments/withdrawals: money from the wallet to one of the customer's bound cards. */
export interface WithdrawalRequest {
  /** A card from GET /api/payments/cards. */
  cardId: string
  /** Major units as exact text: "20.00". */
  amount: string
  currency: string
  pin: string
}

/** Field names the withdrawal endpoint names in its 400 problem details. */
export const WITHDRAWAL_FIELDS = ['cardId', 'amount', 'pin'] as const

// ---- Limits ----

/** What a KYC level allows: minor units, read like PaymentView.amountMinor. */
export interface LevelLimits {
  kycLevel: number
  perTransactionMinor: LedgerInt
  perDayMinor: LedgerInt
}

/**
 * GET /api/payments/limits: the customer's limits today, for the hint on the send and withdraw pages. Only a guide:
 * the server checks every payment again (422 with `limit` when over).
 */
export interface PaymentLimits extends LevelLimits {
  currency: string
  /**
   * Today's outgoing transfers and withdrawals (the Beijing business day) that have not failed, those still in
   * progress included.
   */
  usedTodayMinor: LedgerInt
  /** max(0, perDayMinor − usedTodayMinor). */
  remainingTodayMinor: LedgerInt
  /** When today's count starts again: the next midnight in Beijing, as a UTC instant. */
  resetsAt: string
  /** What verifying further would allow; null at the highest level (3). */
  nextLevel: LevelLimits | null
}

export const fetchPaymentLimits = () => http.get<PaymentLimits>('/api/payments/limits', { exactIntegers: true })

/**
 * The `limit` extension of a 422 over-limit refusal (LimitBreach on the server): which limit the payment would pass,
 * that limit and, for the daily one, what today's payments already used (minor units of the send currency), and the
 * customer's KYC level when refused.
 */
export interface LimitBreach {
  which: 'per_transaction' | 'per_day'
  limitMinor: bigint
  usedMinor: bigint
  kycLevel: number | null
}

/** The limit a 422 refusal names, or null when it carries none the page can read (then only its text is left). */
export function limitBreachOf(error: unknown): LimitBreach | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null
  const limit = error.extensions.limit
  if (typeof limit !== 'object' || limit === null) return null
  const { which, limitMinor, usedMinor, kycLevel } = limit as Record<string, unknown>
  const amount = (value: unknown): bigint | null =>
    (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) || (typeof value === 'string' && /^\d+$/.test(value))
      ? BigInt(value)
      : null
  const max = amount(limitMinor)
  if ((which !== 'per_transaction' && which !== 'per_day') || max === null) return null
  return {
    which,
    limitMinor: max,
    usedMinor: amount(usedMinor) ?? 0n,
    kycLevel: typeof kycLevel === 'number' && Number.isInteger(kycLevel) ? kycLevel : null,
  }
}

/** `count` from 1 to 20 (400 otherwise). */
export const fetchRecentPayees = (count = 5) =>
  http.get<RecentPayees>(`/api/payments/payees/recent?count=${count}`, { exactIntegers: true })

/** The query string of the order list and its CSV export: only the filters that are set, then the page if given. */
export function paymentOrdersQuery(filters: PaymentFilters, page?: number, pageSize?: number): URLSearchParams {
  const query = new URLSearchParams()
  for (const key of ['kind', 'status', 'direction', 'from', 'to'] as const) {
    const value = filters[key]
    if (value) query.set(key, value)
  }
  if (page !== undefined) query.set('page', String(page))
  if (pageSize !== undefined) query.set('pageSize', String(pageSize))
  return query
}

function withQuery(path: string, query: URLSearchParams): string {
  const text = query.toString()
  return text ? `${path}?${text}` : path
}

const orderUrl = (id: string) => `/api/payments/orders/${encodeURIComponent(id)}`

export const paymentsApi = {
  pinStatus: () => http.get<PinStatus>('/api/payments/pin'),
  setPin: (body: SetPinRequest) => request<void>('/api/payments/pin', { method: 'PUT', body }),
  /** 204; 400 names `pin` (e.g. too simple), 403 when the step-up proof is invalid, expired or already used. */
  resetPin: (body: ResetPinRequest) => http.post('/api/payments/pin/reset', body),
  /** 400 names `email` or `phone`; 404 nobody; 422 the payer themselves; 429 too many lookups. */
  findPayee: (query: PayeeQuery) =>
    http.get<Payee>(
      withQuery('/api/payments/payees', new URLSearchParams('email' in query ? { email: query.email } : { phone: query.phone })),
    ),
  /** `idempotencyKey`: one per payment the customer means, reused only to retry after no answer or a 5xx. */
  transfer: (body: TransferRequest, idempotencyKey: string) =>
    request<PaymentView>('/api/payments/transfers', { method: 'POST', body, idempotencyKey, exactIntegers: true }),
  /** 201 with the order and the card page to send the customer to; same key rules as `transfer`. */
  topUp: (body: TopUpRequest, idempotencyKey: string) =>
    request<TopUpStarted>('/api/payments/topups', { method: 'POST', body, idempotencyKey, exactIntegers: true }),
  /** 202 with the order, then followed like a transfer; same key rules as `transfer`. */
  withdraw: (body: WithdrawalRequest, idempotencyKey: string) =>
    request<PaymentView>('/api/payments/withdrawals', { method: 'POST', body, idempotencyKey, exactIntegers: true }),
  /** Newest first. */
  orders: (filters: PaymentFilters, page: number, pageSize: number) =>
    http.get<PaymentPage>(withQuery('/api/payments/orders', paymentOrdersQuery(filters, page, pageSize)), { exactIntegers: true }),
  order: (id: string) => http.get<PaymentDetail>(orderUrl(id), { exactIntegers: true }),
}

/**
 * POST /api/payments/orders/{id}/cancel: the payer stops their own outgoing payment while it is `in_review`. 200 with
 * the order, now `voiding` with `failureReason: "cancelled_by_payer"`, until the hold is voided and it fails; 409 (see
 * isNotCancellable) once it no longer waits for the review; 404 when it is not the caller's own outgoing payment.
 * `idempotencyKey`: one per cancellation the payer means, reused only to retry after no answer or a 5xx.
 */
export const cancelPayment = (id: string, idempotencyKey: string) =>
  request<PaymentView>(`${orderUrl(id)}/cancel`, { method: 'POST', idempotencyKey, exactIntegers: true })

/** 409 on a cancellation that came too late: an officer decided meanwhile, or the review timed out. */
export function isNotCancellable(error: unknown): boolean {
  return isProblem(error, 409, 'payment-not-cancellable')
}

/**
 * The most rows GET /api/payments/orders/export returns: the newest that match (its X-Total-Count header says how many
 * matched). A longer history is exported in parts, by narrowing the dates.
 */
export const EXPORT_MAX_ROWS = 10_000

/** The earliest and latest days the history's date filters take (the server answers 400 under `from`/`to` otherwise). */
export const EARLIEST_HISTORY_DAY = '2000-01-01'
export const LATEST_HISTORY_DAY = '2099-12-31'

/**
 * Where the browser downloads the CSV of the orders matching `filters`, newest first and at most EXPORT_MAX_ROWS (a
 * plain GET: the session cookie is enough).
 */
export function paymentsExportUrl(filters: PaymentFilters): string {
  return withQuery('/api/payments/orders/export', paymentOrdersQuery(filters))
}

// ---- Receipts ----

/** GET /api/payments/orders/{id}/receipt: the electronic receipt of a completed payment, as this customer sees it. */
export interface PaymentReceipt {
  /** "JR-20261128-1A2B3C4D5E6F": the same on every copy of this payment's receipt. */
  receiptNumber: string
  paymentId: string
  /** An unknown kind must not break the page all the same. */
  kind: PaymentKind
  direction: PaymentDirection
  /** Minor units, always positive; read like PaymentView.amountMinor. */
  amountMinor: LedgerInt
  currency: string
  /**
   * The parties as the order stored them: masked e-mails, or English labels Jade wrote itself ("Bank card",
   * "Card •••• 1111", "Wallet"); may be empty where the order names no one (the payer of a withdrawal).
   */
  payer: string
  payee: string
  memo: string | null
  createdAt: string
  completedAt: string
  issuedAt: string
}

/** 404 when the payment is not one the customer can see; 409 (see isReceiptNotAvailable) before it has completed. */
export const fetchPaymentReceipt = (id: string) => http.get<PaymentReceipt>(`${orderUrl(id)}/receipt`, { exactIntegers: true })

/** 409 on a receipt asked for too early: the payment is the customer's but is still in progress, or failed. */
export function isReceiptNotAvailable(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && (error.type ?? '').endsWith('/receipt-not-available')
}

// ---- Reading the refusals ----

/** 403 on a wrong PIN carries how many tries are left. */
export function remainingAttemptsOf(error: unknown): number | null {
  if (!(error instanceof ApiError)) return null
  const value = error.extensions.remainingAttempts
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null
}

/** 409 when the customer has no payment PIN yet (any other 409 is something else, e.g. a request still running). */
export function isPinNotSet(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && (error.type ?? '').endsWith('pin-not-set')
}

/** A refusal the server is sure of (4xx): the request did nothing, so the next attempt needs a new key. */
export function isDefiniteRefusal(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status < 400 || error.status >= 500) return false
  // The idempotency layer's 409 "still being processed" (isStillProcessing): the first request with this key is still
  // running and its outcome is unknown, so the retry must keep the key or the payment could go out twice. A 409 of no
  // type these endpoints send is read the same careful way; only "no PIN" is a refusal the server recorded.
  if (isStillProcessing(error)) return false
  return error.status !== 409 || isPinNotSet(error)
}
