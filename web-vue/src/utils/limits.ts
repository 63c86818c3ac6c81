import type { PaymentLimits } from '@/api/payments'

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
