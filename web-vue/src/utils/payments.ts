import {
  EARLIEST_HISTORY_DAY,
  FAILURE_REASONS,
  MEMO_MAX,
  PAYMENT_KINDS,
  PAYMENT_STATUSES,
  PIN_LENGTH,
  type FailureReason,
  type PaymentKind,
  type PaymentStatus,
  type PaymentView,
} from '@/api/payments'
import { isAfterBusinessToday, pickerDayOf } from './businessTime'
import { formatMoney } from './format'
import { formatMinor } from './risk'

export const TERMINAL_STATUSES: readonly PaymentStatus[] = ['completed', 'failed']

/** Completed or failed: nothing will change any more, so there is nothing to poll for (but see mayStillComplete). */
export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status)
}

/**
 * Why a top-up failed when the saga only gave up waiting for the card acquirer (IncomingPaymentSaga.OnCharge): no
 * confirmation in time, or no answer when the charge was made. The acquirer's word on the money wins, so if it later
 * says the charge succeeded the order goes back to posting and completes.
 */
export const LATE_CHARGE_FAILURES: readonly FailureReason[] = ['confirmation_timeout', 'channel_unavailable']

/** A failed top-up the acquirer may still confirm: worth looking at now and then, for a while. */
export function mayStillComplete(order: Pick<PaymentView, 'kind' | 'status' | 'failureReason'>): boolean {
  return (
    order.kind === 'topup' &&
    order.status === 'failed' &&
    !!order.failureReason &&
    (LATE_CHARGE_FAILURES as readonly string[]).includes(order.failureReason)
  )
}

export function isKnownStatus(status: string): status is PaymentStatus {
  return (PAYMENT_STATUSES as readonly string[]).includes(status)
}

export function isKnownFailure(reason: string): reason is FailureReason {
  return (FAILURE_REASONS as readonly string[]).includes(reason)
}

export function isKnownKind(kind: string): kind is PaymentKind {
  return (PAYMENT_KINDS as readonly string[]).includes(kind)
}

/** The i18n key naming a kind of order; a kind this page does not know yet is a neutral "payment". */
export function kindKey(kind: string): string {
  return `payments.kind.${isKnownKind(kind) ? kind : 'other'}`
}

/** The i18n key naming an order's status; an unknown status falls back to a neutral "processing". */
export function statusKey(status: string): string {
  return `payments.status.${isKnownStatus(status) ? status : 'unknown'}`
}

/**
 * Statuses whose sentence reads differently for a kind of order than the shared one ("the top-up is complete; the
 * money is in your wallet" rather than "the payment is complete"), under `payments.statusHintByKind.<kind>`.
 */
export const KIND_STATUS_HINTS: Readonly<Partial<Record<PaymentKind, readonly PaymentStatus[]>>> = {
  topup: ['posting', 'completed', 'failed'],
  withdrawal: ['accepted', 'posting', 'voiding', 'completed', 'failed'],
}

/**
 * Failure reasons that mean something else for a kind of order, under `payments.failureByKind.<kind>`: a top-up the
 * ledger refused has already been charged to the card, unlike a transfer.
 */
export const KIND_FAILURES: Readonly<Partial<Record<PaymentKind, readonly FailureReason[]>>> = {
  topup: ['ledger_rejected'],
}

const hasOverride = <T extends string>(table: Readonly<Partial<Record<PaymentKind, readonly T[]>>>, kind: string | undefined, code: string) =>
  !!kind && ((table as Record<string, readonly string[] | undefined>)[kind]?.includes(code) ?? false)

/**
 * The i18n key of the sentence that tells the customer where the order stands and what to expect; worded for the
 * kind of order when it is given and the shared sentence would mislead.
 */
export function statusHintKey(status: string, kind?: string): string {
  if (hasOverride(KIND_STATUS_HINTS, kind, status)) return `payments.statusHintByKind.${kind}.${status}`
  return `payments.statusHint.${isKnownStatus(status) ? status : 'unknown'}`
}

/**
 * The i18n key explaining why a payment failed, in the customer's words (for the kind of order, when given); an
 * unknown code gets a generic sentence.
 */
export function failureKey(reason: string | null | undefined, kind?: string): string {
  if (reason && hasOverride(KIND_FAILURES, kind, reason)) return `payments.failureByKind.${kind}.${reason}`
  return `payments.failure.${reason && isKnownFailure(reason) ? reason : 'unknown'}`
}

/** Steps the sagas write to the timeline (transfers, top-ups and withdrawals). */
export const TIMELINE_STEPS = [
  'accepted',
  'funds_held',
  'screened',
  'in_review',
  'review_approved',
  'review_declined',
  // Top-ups: the charge at the card acquirer, and its refund when the wallet would not take the money
  'charge_created',
  'charge_succeeded',
  'credit_refused',
  'refund_requested',
  'refunded',
  'refund_failed',
  // Withdrawals: the payout to the card
  'paying_out',
  'payout_requested',
  'paid_out',
  'payout_failed',
  'posting',
  'voiding',
  'resent',
  'completed',
  'failed',
] as const

/** The i18n key of a timeline step, or null for a step this page does not know (show the server's name then). */
export function timelineStepKey(step: string): string | null {
  return (TIMELINE_STEPS as readonly string[]).includes(step) ? `payments.steps.${step}` : null
}

/**
 * Failure codes a timeline step names as a short label (`payments.stepDetails.<code>`) rather than the whole failure
 * sentence: the sentence says the money "has been returned", which the `voiding` step is still doing.
 */
export const STEP_DETAIL_CODES: readonly FailureReason[] = ['cancelled_by_payer']

/** The i18n key of a step's detail code ("insufficient_funds"), or null for a detail to show as the server wrote it. */
export function timelineDetailKey(code: string, kind?: string): string | null {
  if ((STEP_DETAIL_CODES as readonly string[]).includes(code)) return `payments.stepDetails.${code}`
  return isKnownFailure(code) ? failureKey(code, kind) : null
}

/**
 * Whether the history's date picker should not offer `pickerDay`: after today's business day (nothing happened yet),
 * or before the earliest day the server takes.
 */
export function isOutsideHistoryRange(pickerDay: Date, now: Date = new Date()): boolean {
  return isAfterBusinessToday(pickerDay, now) || pickerDayOf(pickerDay) < EARLIEST_HISTORY_DAY
}

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

export function statusTagType(status: string): TagType {
  switch (status) {
    case 'completed':
      return 'success'
    case 'failed':
      return 'danger'
    case 'in_review':
    case 'voiding':
    case 'awaiting_confirmation':
    case 'refunding':
    case 'awaiting_refund':
      return 'warning'
    default:
      return 'primary'
  }
}

/** Statuses at which a top-up still waits for the customer at the card acquirer's page (the card is not charged yet). */
export function awaitsCardPayment(order: Pick<PaymentView, 'kind' | 'status'>): boolean {
  return order.kind === 'topup' && (order.status === 'created' || order.status === 'awaiting_confirmation')
}

/** The order's amount for people, with "-" for money out and "+" for money in. */
export function signedAmountText(order: Pick<PaymentView, 'amountMinor' | 'currency' | 'direction'>, locale: string): string {
  let minor: bigint
  try {
    minor = BigInt(order.amountMinor)
  } catch {
    return formatMinor(order.amountMinor, order.currency, locale)
  }
  if (minor < 0n) minor = -minor
  return order.direction === 'outgoing' ? formatMoney(-minor, order.currency, locale) : `+${formatMoney(minor, order.currency, locale)}`
}

// ---- Payment PIN rules, as the server checks them ----

export type PinProblem = 'required' | 'format' | 'repeated' | 'sequential'

/** Why `pin` cannot become a payment PIN, or null when it can: 6 digits, not one digit repeated, not a straight run. */
export function newPinProblem(pin: string): PinProblem | null {
  const format = pinFormatProblem(pin)
  if (format) return format
  if ([...pin].every((c) => c === pin[0])) return 'repeated'
  const steps = [...pin].slice(1).map((c, i) => c.charCodeAt(0) - pin.charCodeAt(i))
  if (steps.every((s) => s === 1) || steps.every((s) => s === -1)) return 'sequential'
  return null
}

/** The new PIN typed again: required, and the same. */
export function confirmPinProblem(pin: string, again: string): 'required' | 'mismatch' | null {
  if (again === '') return 'required'
  return again === pin ? null : 'mismatch'
}

/** Only the shape of a PIN being entered to pay or to prove the current one. */
export function pinFormatProblem(pin: string): 'required' | 'format' | null {
  if (pin === '') return 'required'
  return new RegExp(`^\\d{${PIN_LENGTH}}$`).test(pin) ? null : 'format'
}

// ---- Memo ----

export type MemoProblem = 'length' | 'characters' | 'direction'

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
/**
 * The invisible bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they would make the
 * note read differently from what it says wherever it is shown (history, receipts, exports), so the server refuses them.
 */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/

/**
 * The server refuses a memo over 140 characters (UTF-16 units, as both sides count), with control characters, or with
 * bidirectional override characters (PaymentRequests.IsUnsafeInText).
 */
export function memoProblem(memo: string): MemoProblem | null {
  if (memo.length > MEMO_MAX) return 'length'
  if (CONTROL.test(memo)) return 'characters'
  if (BIDI_CONTROL.test(memo)) return 'direction'
  return null
}

// ---- Polling ----

export interface PollTiming {
  /** The first wait, and the wait again after every change. */
  firstMs: number
  /** The longest wait, however long nothing changes or the server fails. */
  maxMs: number
  /** Each wait without news is this much longer than the last. */
  factor: number
  /** The wait between looks at a failed top-up the acquirer may still confirm (mayStillComplete). */
  lateMs?: number
  /** How long after it failed such a top-up is still looked at. */
  lateForMs?: number
}

export const DEFAULT_POLL_TIMING: PollTiming = { firstMs: 1000, maxMs: 30_000, factor: 1.5, lateMs: 15_000, lateForMs: 30 * 60_000 }

/**
 * The wait before the next look at an order: back to the first wait when something changed, otherwise longer
 * (twice as long after a failed request), never more than the maximum.
 */
export function nextPollDelay(previousMs: number, outcome: 'changed' | 'same' | 'error', timing: PollTiming = DEFAULT_POLL_TIMING): number {
  if (outcome === 'changed') return timing.firstMs
  const grown = previousMs * (outcome === 'error' ? 2 : timing.factor)
  return Math.min(Math.max(Math.round(grown), timing.firstMs), timing.maxMs)
}
