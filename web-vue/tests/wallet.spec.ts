import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { onUnauthorized, quoteUnsafeIntegers } from '@/api/http'
import { HISTORY_PAGE_SIZE, directionOf, useWalletStore } from '@/stores/wallet'
import { formatMoney, nanosToIso } from '@/utils/format'
import { signedAmount } from '@/utils/transfers'
import type { LedgerAccount, LedgerTransfer, TransferPage } from '@/api/types'
import { jsonResponse, mockFetch, requestOf } from './helpers'

const WALLET_ID = 1001
const OTHER_ID = 2002

function account(id: number, code: number, overrides: Partial<LedgerAccount> = {}): LedgerAccount {
  return {
    id,
    currency: 'CNY',
    code,
    ownerId: 'user-1',
    flags: [],
    debitsPending: 0,
    debitsPosted: 0,
    creditsPending: 0,
    creditsPosted: 0,
    availableBalance: 0,
    timestamp: 1_700_000_000_000_000_000,
    ...overrides,
  }
}

function transfer(id: number, debit: number, credit: number, amount: number, timestamp = 1_700_000_000_000_000_000): LedgerTransfer {
  return { id, debitAccountId: debit, creditAccountId: credit, amount, currency: 'CNY', code: 1, flags: [], pendingId: null, timeoutSeconds: 0, timestamp }
}

function page(items: LedgerTransfer[], nextCursor: number | null = null): TransferPage {
  return { items, nextCursor }
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  vi.unstubAllGlobals()
  onUnauthorized(null)
})

describe('wallet store', () => {
  it('loads the accounts and picks the one with code 100 as the wallet', async () => {
    const fetchMock = mockFetch(
      jsonResponse([account(7, 200), account(WALLET_ID, 100, { availableBalance: 12345 }), account(9, 300)]),
      jsonResponse(page([])),
    )
    const store = useWalletStore()
    await store.load()
    const { url, init } = requestOf(fetchMock)
    expect(url).toBe('/api/ledger/me/accounts')
    expect(init.method).toBe('GET')
    expect(store.status).toBe('ready')
    expect(store.wallet?.id).toBe(WALLET_ID)
    expect(store.opening).toBe(false)
    expect(requestOf(fetchMock, 1).url).toBe(`/api/ledger/accounts/${WALLET_ID}/transfers?limit=${HISTORY_PAGE_SIZE}`)
    expect(store.historyStatus).toBe('ready')
    expect(store.transfers).toEqual([])
  })

  it('leaves the history alone when asked for the accounts only', async () => {
    const fetchMock = mockFetch(jsonResponse([account(WALLET_ID, 100)]))
    const store = useWalletStore()
    await store.load({ history: false })
    expect(store.wallet?.id).toBe(WALLET_ID)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(store.historyStatus).toBe('idle')
  })

  it('reports the wallet as still opening when it does not exist yet, then finds it on a later load', async () => {
    const fetchMock = mockFetch(jsonResponse([]), jsonResponse([account(WALLET_ID, 100)]), jsonResponse(page([])))
    const store = useWalletStore()
    await store.load()
    expect(store.status).toBe('ready')
    expect(store.wallet).toBeNull()
    expect(store.opening).toBe(true)
    expect(fetchMock).toHaveBeenCalledTimes(1) // no history without a wallet

    await store.load({ background: true })
    expect(store.opening).toBe(false)
    expect(store.wallet?.id).toBe(WALLET_ID)
    expect(store.historyStatus).toBe('ready')
    expect(fetchMock).toHaveBeenCalledTimes(2 + 1)
  })

  it('pages the history with the cursor and appends the older items', async () => {
    const cursor = 1_700_000_000_000_000_000
    const fetchMock = mockFetch(
      jsonResponse([account(WALLET_ID, 100)]),
      jsonResponse(page([transfer(1, OTHER_ID, WALLET_ID, 500), transfer(2, WALLET_ID, OTHER_ID, 200)], cursor)),
      jsonResponse(page([transfer(3, OTHER_ID, WALLET_ID, 100)], null)),
    )
    const store = useWalletStore()
    await store.load()
    expect(store.hasMore).toBe(true)
    await store.loadMore()
    expect(requestOf(fetchMock, 2).url).toBe(
      `/api/ledger/accounts/${WALLET_ID}/transfers?limit=${HISTORY_PAGE_SIZE}&cursor=1700000000000000000`,
    )
    expect(store.transfers.map((t) => t.id)).toEqual([1, 2, 3])
    expect(store.hasMore).toBe(false)
    await store.loadMore() // nothing more to ask for
    expect(fetchMock).toHaveBeenCalledTimes(3)
  })

  it('passes a cursor beyond 2^53 back to the server exactly', async () => {
    const body = `{"items":[{"id":1,"debitAccountId":${OTHER_ID},"creditAccountId":${WALLET_ID},"amount":1,"currency":"CNY","code":1,"flags":[],"pendingId":null,"timestamp":1700000000123456789}],"nextCursor":1700000000123456789}`
    const fetchMock = mockFetch(
      jsonResponse([account(WALLET_ID, 100)]),
      new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }),
      jsonResponse(page([])),
    )
    const store = useWalletStore()
    await store.load()
    await store.loadMore()
    expect(requestOf(fetchMock, 2).url).toContain('cursor=1700000000123456789')
    expect(nanosToIso(store.transfers[0]!.timestamp)).toBe('2023-11-14T22:13:20.123Z')
  })

  it('computes the direction and sign of each transfer from the wallet side', async () => {
    mockFetch(
      jsonResponse([account(WALLET_ID, 100)]),
      jsonResponse(page([transfer(1, OTHER_ID, WALLET_ID, 500), transfer(2, WALLET_ID, OTHER_ID, 200)])),
    )
    const store = useWalletStore()
    await store.load()
    expect(store.activity.map((a) => [a.direction, a.kind, signedAmount(a)])).toEqual([
      ['in', 'topUp', 500n],
      ['out', 'payment', -200n],
    ])
    expect(formatMoney(signedAmount(store.activity[1]!), 'CNY', 'en')).toBe('-CN¥2.00')
  })

  it('reads the ledger flags: a payment’s hold, its release and its capture are not three payments out', async () => {
    const hold = (id: number, amount: number) => ({ ...transfer(id, WALLET_ID, OTHER_ID, amount), flags: ['pending'] })
    const step = (id: number, pendingId: number, flag: string, amount: number) => ({
      ...transfer(id, WALLET_ID, OTHER_ID, amount),
      flags: [flag],
      pendingId,
    })
    mockFetch(
      jsonResponse([account(WALLET_ID, 100)]),
      // Newest first: a declined ¥100 payment (held, then released) and a completed ¥30 one (held, then captured).
      jsonResponse(page([step(4, 3, 'void_pending_transfer', 10000), hold(3, 10000), step(2, 1, 'post_pending_transfer', 3000), hold(1, 3000)])),
    )
    const store = useWalletStore()
    await store.load()
    expect(store.activity.map((a) => [a.kind, a.status, a.sign, signedAmount(a)])).toEqual([
      ['holdReleased', null, 0, 10000n],
      ['holdPlaced', 'released', -1, -10000n],
      ['holdCaptured', null, -1, -3000n],
      ['holdPlaced', 'captured', -1, -3000n],
    ])
  })

  it('matches ids that arrive as exact strings against numeric ones', () => {
    const t = transfer(1, OTHER_ID, WALLET_ID, 1)
    expect(directionOf({ ...t, creditAccountId: '340282366920938463463374607431768211455' }, '340282366920938463463374607431768211455')).toBe('in')
    expect(directionOf(t, String(WALLET_ID))).toBe('in')
    expect(directionOf(t, OTHER_ID)).toBe('out')
  })

  it('reports a failed first load as an error and recovers on retry', async () => {
    mockFetch(jsonResponse({ title: 'Down', status: 503 }, 503), jsonResponse([account(WALLET_ID, 100)]), jsonResponse(page([])))
    const store = useWalletStore()
    await store.load()
    expect(store.status).toBe('error')
    expect(store.error?.message).toBe('Down')
    await store.load()
    expect(store.status).toBe('ready')
    expect(store.error).toBeNull()
  })

  it('keeps the wallet on screen when a background refresh fails', async () => {
    mockFetch(jsonResponse([account(WALLET_ID, 100)]), jsonResponse(page([])), new TypeError('offline'))
    const store = useWalletStore()
    await store.load()
    await store.load({ background: true })
    expect(store.status).toBe('ready')
    expect(store.wallet?.id).toBe(WALLET_ID)
    expect(store.error?.isNetworkError).toBe(true)
  })

  it('keeps the loaded rows when loading more fails', async () => {
    mockFetch(
      jsonResponse([account(WALLET_ID, 100)]),
      jsonResponse(page([transfer(1, OTHER_ID, WALLET_ID, 500)], 123)),
      jsonResponse({ title: 'Boom' }, 500),
    )
    const store = useWalletStore()
    await store.load()
    await store.loadMore()
    expect(store.transfers).toHaveLength(1)
    expect(store.historyError?.status).toBe(500)
    expect(store.hasMore).toBe(true)
    expect(store.loadingMore).toBe(false)
  })

  it('signals the session end on 401', async () => {
    const ended = vi.fn()
    onUnauthorized(ended)
    mockFetch(jsonResponse({}, 401))
    const store = useWalletStore()
    await store.load()
    expect(ended).toHaveBeenCalledTimes(1)
    expect(store.status).toBe('error')
    expect(store.error?.status).toBe(401)
  })

  it('reset() forgets the wallet and drops answers still in flight', async () => {
    let release!: (r: Response) => void
    const slow = new Promise<Response>((resolve) => (release = resolve))
    vi.stubGlobal('fetch', vi.fn().mockReturnValueOnce(slow))
    const store = useWalletStore()
    const loading = store.load()
    store.reset()
    release(jsonResponse([account(WALLET_ID, 100)]))
    await loading
    expect(store.wallet).toBeNull()
    expect(store.transfers).toEqual([])
    expect(store.status).toBe('idle')
  })
})

describe('quoteUnsafeIntegers', () => {
  it('turns only unsafe integer literals into strings', () => {
    const parsed = JSON.parse(
      quoteUnsafeIntegers('{"a":12,"b":-9007199254740993,"c":1.5e300,"d":"x 9007199254740993 \\" 9007199254740993","e":[9007199254740993]}'),
    )
    expect(parsed).toEqual({ a: 12, b: '-9007199254740993', c: 1.5e300, d: 'x 9007199254740993 " 9007199254740993', e: ['9007199254740993'] })
  })
})
