import type { LedgerInt, LedgerTransfer } from '@/api/types'
import { minorToDecimal, nanosToIso } from './format'

export type Direction = 'in' | 'out'

/** Ids may arrive as numbers or (when beyond 2^53) exact strings; compare them as integers. */
export function sameId(a: LedgerInt, b: LedgerInt): boolean {
  try {
    return BigInt(a) === BigInt(b)
  } catch {
    return String(a) === String(b)
  }
}

export function directionOf(transfer: LedgerTransfer, walletId: LedgerInt): Direction {
  return sameId(transfer.creditAccountId, walletId) ? 'in' : 'out'
}

/**
 * What a transfer means to the customer. The ledger defines no transfer codes yet, so this comes from the flags
 * (the two-phase hold steps) and, for plain transfers, from the side the wallet is on.
 */
export type TransferKind = 'topUp' | 'payment' | 'holdPlaced' | 'holdCaptured' | 'holdReleased'

/** Where a hold stands, judged from the rows loaded so far (its capture or release is always newer) and the clock. */
export type HoldStatus = 'pending' | 'captured' | 'released' | 'expired'

export interface HistoryRow {
  /** The transfer id as text, exact even beyond 2^53; the table's row key. */
  key: string
  transfer: LedgerTransfer
  direction: Direction
  kind: TransferKind
  /** +1 money in, -1 money out, 0 for a released hold: it only gives back what the hold set aside. */
  sign: 1 | -1 | 0
  /** Set on holds only. */
  status: HoldStatus | null
  /** The nanosecond ledger timestamp as an ISO instant (millisecond precision). */
  iso: string
}

const NANOS_PER_SECOND = 1_000_000_000n

function kindOf(flags: string[], direction: Direction): TransferKind {
  if (flags.includes('pending')) return 'holdPlaced'
  if (flags.includes('post_pending_transfer')) return 'holdCaptured'
  if (flags.includes('void_pending_transfer')) return 'holdReleased'
  return direction === 'in' ? 'topUp' : 'payment'
}

function expired(hold: LedgerTransfer, nowNanos: bigint): boolean {
  const timeout = BigInt(hold.timeoutSeconds)
  return timeout > 0n && BigInt(hold.timestamp) + timeout * NANOS_PER_SECOND <= nowNanos
}

/** Classifies transfers (newest first) from the point of view of the wallet `walletId`. */
export function historyRows(transfers: LedgerTransfer[], walletId: LedgerInt, now: Date = new Date()): HistoryRow[] {
  const outcomes = new Map<string, HoldStatus>()
  for (const t of transfers) {
    if (t.pendingId === null) continue
    if (t.flags.includes('post_pending_transfer')) outcomes.set(String(t.pendingId), 'captured')
    else if (t.flags.includes('void_pending_transfer')) outcomes.set(String(t.pendingId), 'released')
  }
  const nowNanos = BigInt(now.getTime()) * 1_000_000n

  return transfers.map((transfer) => {
    const key = String(transfer.id)
    const direction = directionOf(transfer, walletId)
    const kind = kindOf(transfer.flags, direction)
    const status = kind !== 'holdPlaced' ? null : (outcomes.get(key) ?? (expired(transfer, nowNanos) ? 'expired' : 'pending'))
    const sign = kind === 'holdReleased' ? 0 : direction === 'in' ? 1 : -1
    return { key, transfer, direction, kind, sign, status, iso: nanosToIso(transfer.timestamp) }
  })
}

export function signedAmount(row: HistoryRow): bigint {
  const amount = BigInt(row.transfer.amount)
  return row.sign < 0 ? -amount : amount
}

export const directionKey = (direction: Direction) => (direction === 'in' ? 'wallet.moneyIn' : 'wallet.moneyOut')

const CSV_COLUMNS = ['time', 'direction', 'description', 'amount', 'currency', 'status', 'id'] as const

/** The rows as CSV cells, header first; `label` turns message keys into text. Amounts are plain decimals. */
export function historyCsvRows(rows: HistoryRow[], label: (key: string) => string): string[][] {
  return [
    CSV_COLUMNS.map((column) => label(`history.columns.${column}`)),
    ...rows.map((row) => [
      row.iso,
      label(directionKey(row.direction)),
      label(`history.kind.${row.kind}`),
      minorToDecimal(signedAmount(row), row.transfer.currency),
      row.transfer.currency,
      row.status ? label(`history.status.${row.status}`) : '',
      row.key,
    ]),
  ]
}
