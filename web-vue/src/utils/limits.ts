import type { ApiError } from '@/api/http'
import { limitBreachOf, type PaymentLimits } from '@/api/payments'
import { withDetail } from './fieldErrors'
import { formatMoney } from './format'

/** The limit that caps the next payment: the per-payment one, or what is left of today's. */
export type CapKind = 'perPayment' | 'today'

/** The largest amount the next payment (or withdrawal) may have, and which limit sets it. */
export interface PaymentCap {
  /** Minor units. */
  maxMinor: bigint
  currency: string
  which: CapKind
}

/** min(per payment, left today); on a tie the per-payment limit, as it stays the same all day. */
export function nextPaymentCap(limits: PaymentLimits): PaymentCap {
  const perPayment = BigInt(limits.perTransactionMinor)
  const leftToday = BigInt(limits.remainingTodayMinor)
  return leftToday < perPayment
    ? { maxMinor: leftToday, currency: limits.currency, which: 'today' }
    : { maxMinor: perPayment, currency: limits.currency, which: 'perPayment' }
}

/** How much of the daily limit is used, in whole percent from 0 to 100 (integer maths: these are amounts of money). */
export function usedPercent(limits: PaymentLimits): number {
  const perDay = BigInt(limits.perDayMinor)
  const used = BigInt(limits.usedTodayMinor)
  if (perDay <= 0n || used >= perDay) return 100
  return used <= 0n ? 0 : Number((used * 100n) / perDay)
}

/** The level from which the limits no longer rise by verifying one's identity (the server's hint says the same). */
const VERIFIED_LEVEL = 2

/** One page's sentences for a payment over the limit: its own words for the limit it passed, and the generic one. */
export interface OverLimitKeys {
  /** Said when the refusal names no limit this page can read; the server's own text follows it. */
  generic: string
  /** With {limit}. */
  perPayment: string
  /** With {limit} and {used}; without it, a daily breach gets the generic sentence. */
  perDay?: string
}

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * What to say about a 422 over-limit refusal, entirely in the UI language: built from the refusal's `limit` (amounts
 * in `currency`) when it carries one, else the generic sentence followed by the server's detail.
 */
export function overLimitMessage(error: ApiError, keys: OverLimitKeys, currency: string, t: Translate, locale: string): string {
  const breach = limitBreachOf(error)
  const key = breach?.which === 'per_day' ? keys.perDay : breach ? keys.perPayment : undefined
  if (!breach || !key) return withDetail(t(keys.generic), error)
  const money = (minor: bigint) => formatMoney(minor, currency, locale)
  const sentence = t(key, { limit: money(breach.limitMinor), used: money(breach.usedMinor) })
  if (breach.kycLevel === null || breach.kycLevel >= VERIFIED_LEVEL) return sentence
  // Chinese sentences end with their own full stop and need no space between them.
  return [sentence, t('limits.errors.verifyToRaise')].join(locale.startsWith('zh') ? '' : ' ')
}
