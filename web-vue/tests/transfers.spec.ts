import { describe, expect, it } from 'vitest'
import { historyCsvRows, historyRows, signedAmount } from '@/utils/transfers'
import { toCsv } from '@/utils/csv'
import { minorToDecimal } from '@/utils/format'
import { i18n } from '@/i18n'
import type { LedgerTransfer } from '@/api/types'

const WALLET = '0f8f5c2e-4d0b-5a6e-9c1d-7b3a2e1f0a01'
const CARD = '6a1e0c9d-2b3f-4e5a-8d7c-1f2e3d4c5b6a'
const SHOP = '9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d'
const T0 = 1_700_000_000_000_000_000n

function transfer(id: string, debit: string, credit: string, amount: number, overrides: Partial<LedgerTransfer> = {}): LedgerTransfer {
  return {
    id, debitAccountId: debit, creditAccountId: credit, amount, currency: 'CNY', code: 1, flags: [],
    pendingId: null, timeoutSeconds: 0, timestamp: String(T0), ...overrides,
  }
}

const at = (seconds: number) => String(T0 + BigInt(seconds) * 1_000_000_000n)
const now = new Date(Number(T0 / 1_000_000n) + 3_600_000) // an hour after T0

describe('historyRows', () => {
  it('classifies direction, description, sign and hold status from the wallet side', () => {
    // Newest first, as the server sends them.
    const rows = historyRows(
      [
        transfer('v1', WALLET, SHOP, 300, { flags: ['void_pending_transfer'], pendingId: 'h2', timestamp: at(50) }),
        transfer('p1', WALLET, SHOP, 700, { flags: ['post_pending_transfer'], pendingId: 'h1', timestamp: at(40) }),
        transfer('h3', WALLET, SHOP, 100, { flags: ['pending'], timeoutSeconds: 60, timestamp: at(30) }),
        transfer('h2', WALLET, SHOP, 300, { flags: ['pending'], timestamp: at(20) }),
        transfer('h1', WALLET, SHOP, 900, { flags: ['pending'], timestamp: at(10) }),
        transfer('h0', WALLET, SHOP, 50, { flags: ['pending'], timeoutSeconds: 86_400, timestamp: at(5) }),
        transfer('t2', WALLET, SHOP, 200),
        transfer('t1', CARD, WALLET, 5000),
      ],
      WALLET,
      now,
    )
    expect(rows.map((r) => [r.key, r.direction, r.kind, r.sign, r.status])).toEqual([
      ['v1', 'out', 'holdReleased', 0, null],
      ['p1', 'out', 'holdCaptured', -1, null],
      ['h3', 'out', 'holdPlaced', -1, 'expired'],
      ['h2', 'out', 'holdPlaced', -1, 'released'],
      ['h1', 'out', 'holdPlaced', -1, 'captured'],
      ['h0', 'out', 'holdPlaced', -1, 'pending'],
      ['t2', 'out', 'payment', -1, null],
      ['t1', 'in', 'topUp', 1, null],
    ])
    expect(rows.map(signedAmount)).toEqual([300n, -700n, -100n, -300n, -900n, -50n, -200n, 5000n])
  })

  it('keeps ids and timestamps beyond 2^53 exact', () => {
    const [row] = historyRows(
      [transfer('9007199254740993', CARD, WALLET, 1, { timestamp: '1700000000123456789' })],
      WALLET,
    )
    expect(row!.key).toBe('9007199254740993')
    expect(row!.iso).toBe('2023-11-14T22:13:20.123Z')
  })
})

describe('CSV export', () => {
  it('starts with a BOM, quotes what needs quoting and ends lines with CRLF', () => {
    expect(toCsv([['a', 'b,c'], ['say "hi"', 'two\nlines', '中文']])).toBe('\uFEFFa,"b,c"\r\n"say ""hi""","two\nlines",中文\r\n')
  })

  it('writes amounts as signed decimals in the currency\'s minor digits', () => {
    expect([minorToDecimal(-123450n, 'CNY'), minorToDecimal(5n, 'CNY'), minorToDecimal(-5n, 'CNY'), minorToDecimal(1200n, 'JPY'), minorToDecimal(1n, 'KWD')])
      .toEqual(['-1234.50', '0.05', '-0.05', '1200', '0.001'])
  })

  it('has a localized header and one line per row', () => {
    const rows = historyRows(
      [transfer('h1', WALLET, SHOP, 1999, { flags: ['pending'] }), transfer('t1', CARD, WALLET, 10_000_000_000_001)],
      WALLET,
      now,
    )
    const label = (key: string) => i18n.global.t(key, {}, { locale: 'zh-CN' })
    expect(toCsv(historyCsvRows(rows, label)).split('\r\n')).toEqual([
      '\uFEFF时间,方向,说明,金额,币种,状态,交易编号',
      '2023-11-14T22:13:20.000Z,转出,资金冻结,-19.99,CNY,冻结中,h1',
      '2023-11-14T22:13:20.000Z,转入,充值,100000000000.01,CNY,,t1',
      '',
    ])
  })

  it.each([
    ['en', 'Released'],
    ['zh-CN', '已解冻'],
  ] as const)('names the status of a released hold in %s', (locale, released) => {
    const rows = historyRows(
      [
        transfer('v1', WALLET, SHOP, 10000, { flags: ['void_pending_transfer'], pendingId: 'h1', timestamp: at(20) }),
        transfer('h1', WALLET, SHOP, 10000, { flags: ['pending'], timestamp: at(10) }),
      ],
      WALLET,
      now,
    )
    const label = (key: string) => i18n.global.t(key, {}, { locale })
    const [, release, hold] = historyCsvRows(rows, label)
    expect(hold![5]).toBe(released)
    expect(release![3]).toBe('100.00')
    expect(release![5]).toBe('')
  })
})
